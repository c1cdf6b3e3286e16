// The workspace's only script: template picker, minutes on the page, and clearing PHI from an
// idle screen.
(function () {
  'use strict';

  // A template chosen from the list fills the reply box (the text stays editable).
  document.querySelectorAll('select[data-fills]').forEach(function (select) {
    select.addEventListener('change', function () {
      var option = select.options[select.selectedIndex];
      var target = document.getElementById(select.getAttribute('data-fills'));
      if (target && option && option.getAttribute('data-text')) {
        target.value = option.getAttribute('data-text');
        target.focus();
      }
    });
  });

  // Minutes spent, for billing: prefilled from the time on this page (plus what the server counted
  // before), kept up to date until the person types their own figure.
  document.querySelectorAll('input[data-minutes-on-page]').forEach(function (input) {
    var base = parseInt(input.value || '0', 10) || 0;
    var opened = Date.now();
    var edited = false;
    input.addEventListener('input', function () { edited = true; });
    var update = function () {
      if (!edited) {
        input.value = String(base + Math.max(1, Math.ceil((Date.now() - opened) / 60000)));
      }
    };
    update();
    setInterval(update, 15000);
  });

  // The server ends the session after this much inactivity; a page left open then goes to the
  // sign-in page, so no message text stays on an unattended screen.
  var idle = parseInt(document.body.getAttribute('data-idle-seconds') || '0', 10);
  if (idle > 0) {
    var timer;
    var arm = function () {
      clearTimeout(timer);
      timer = setTimeout(function () { window.location.replace('/login?expired'); }, idle * 1000 + 2000);
    };
    ['keydown', 'pointerdown', 'input'].forEach(function (e) { document.addEventListener(e, arm); });
    arm();
  }
})();
