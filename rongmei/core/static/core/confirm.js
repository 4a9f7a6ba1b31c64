/*
 * `<form data-rm-confirm="问题">`: asks the question before the form is sent, and sends it
 * only on 确定. An external file: the Content-Security-Policy allows no inline handler.
 */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.getAttribute) return;
    var question = form.getAttribute("data-rm-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
