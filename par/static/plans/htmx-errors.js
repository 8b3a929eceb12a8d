// htmx leaves 4xx answers unswapped by default. A refused plan form comes back with its message and the status
// par.core.http gives the refusal (decision 0106): 400 invalid input, 403 a refused permission, 409 someone else
// changed the object. Swap such an answer in place when it is the refreshed target itself, never an error page.
(function () {
  "use strict";
  var REFUSALS = [400, 403, 409];
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var target = detail.target;
    if (REFUSALS.indexOf(detail.xhr.status) === -1 || !target || !target.id) {
      return;
    }
    if (detail.serverResponse.indexOf('id="' + target.id + '"') === -1) {
      return;
    }
    detail.shouldSwap = true;
    detail.isError = false;
  });
})();
