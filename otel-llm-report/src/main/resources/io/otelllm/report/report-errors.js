  // Any script error or console.error is shown on the page (and counted on <body>) so that a
  // broken report is visible to a person and to the headless-browser test alike.
  window.reportErrors = [];
  function reportError(message) {
    window.reportErrors.push(String(message));
    var el = document.getElementById('report-errors');
    if (el) { el.textContent = window.reportErrors.join('\n'); }
    if (document.body) { document.body.dataset.errors = String(window.reportErrors.length); }
  }
  window.addEventListener('error', function (e) { reportError(e.message); });
  // Whatever the page's policy refuses (an injected script, image or frame) is an error too.
  document.addEventListener('securitypolicyviolation', function (e) {
    reportError('refused by the page\'s Content-Security-Policy: ' + e.violatedDirective + ' ' + e.blockedURI);
  });
  (function () {
    var original = console.error;
    console.error = function () { reportError(Array.prototype.join.call(arguments, ' ')); original.apply(console, arguments); };
  })();
