// htmx leaves 4xx answers unswapped by default. The plan forms answer 422 (invalid input, the form comes back
// with its errors) and 409 (someone else changed the object): swap those so the user sees the message in place.
(function () {
  "use strict";
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
