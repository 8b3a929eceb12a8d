"""The SIPAS-style questionnaire shipped with the product: the five service elements of the SIPAS method, one
satisfaction question each plus perception questions, on the 5-point scale; editable as a new version."""

from __future__ import annotations

from par.surveys import actions
from par.surveys.models import Aspect, QuestionKind, Questionnaire

SIPAS = [
    (
        Aspect.ACCESS,
        "Tiếp cận dịch vụ",
        [
            "Nơi ngồi chờ, trang thiết bị phục vụ tại Bộ phận Một cửa",
            "Mức độ hài lòng về việc tiếp cận dịch vụ",
        ],
    ),
    (
        Aspect.PROCEDURE,
        "Thủ tục hành chính",
        [
            "Thủ tục hành chính được niêm yết công khai, đầy đủ",
            "Thành phần hồ sơ, phí, lệ phí, thời hạn giải quyết đúng quy định",
        ],
    ),
    (
        Aspect.CIVIL_SERVANT,
        "Công chức trực tiếp giải quyết công việc",
        [
            "Công chức có thái độ giao tiếp lịch sự, tôn trọng",
            "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo, dễ hiểu",
        ],
    ),
    (
        Aspect.RESULT,
        "Kết quả dịch vụ",
        [
            "Kết quả nhận được đúng quy định, thông tin chính xác",
            "Hồ sơ được giải quyết đúng hạn",
        ],
    ),
    (
        Aspect.FEEDBACK,
        "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
        [
            "Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị",
            "Góp ý, phản ánh, kiến nghị được tiếp nhận và trả lời kịp thời",
        ],
    ),
]


def sipas_questionnaire(owner, *, actor=None, activate: bool = True) -> Questionnaire:
    """Create (once) the SIPAS questionnaire for `owner`; returns the existing one on a second call."""
    existing = Questionnaire.objects.filter(owner=owner, code="SIPAS").order_by("-number").first()
    if existing is not None:
        return existing
    q = actions.do_create_questionnaire(
        owner=owner,
        code="SIPAS",
        title="Phiếu khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
        intro="Phiếu khảo sát không ghi tên người trả lời. Xin chọn một mức cho mỗi câu hỏi.",
        actor=actor,
    )
    for aspect, title, questions in SIPAS:
        section = actions.do_add_section(q, title=title, aspect=aspect, actor=actor)
        for text in questions:
            actions.do_add_question(section, text=text, actor=actor)
    other = actions.do_add_section(q, title="Ý kiến khác", aspect=Aspect.OTHER, actor=actor)
    actions.do_add_question(
        other, text="Ý kiến góp ý khác (nếu có)", kind=QuestionKind.TEXT, required=False, actor=actor
    )
    if activate:
        q = actions.do_activate_questionnaire(q, actor=actor)
    return q
