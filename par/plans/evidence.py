"""The upload checks under the names plans first gave them; they live in par.documents.uploads.

Kept for the callers that still import them from here (scoring); new code imports par.documents.uploads.
"""

from par.documents.uploads import ALLOWED, CheckedFile, max_bytes
from par.documents.uploads import check_upload as check_evidence

__all__ = ["ALLOWED", "CheckedFile", "check_evidence", "max_bytes"]
