// A Camunda Form rendered by bpmn.io's form-js (as Tasklist does); "Complete task" validates it and
// posts the form's data, which completes the user task with those variables.
(function () {
  'use strict';
  var container = document.getElementById('form');
  if (!container || !window.FormViewer) { return; }
  var problem = document.getElementById('form-problem');
  var schema = JSON.parse(document.getElementById('form-schema').textContent);
  var data = JSON.parse(document.getElementById('form-data').textContent);
  var form = new window.FormViewer.Form({ container: container });
  form.importSchema(schema, data).then(function () {
    container.setAttribute('data-ready', 'true');
  }).catch(function (e) {
    problem.textContent = 'The form could not be shown: ' + e.message;
    problem.hidden = false;
  });
  document.getElementById('complete').addEventListener('click', function () {
    var result = form.submit();
    if (Object.keys(result.errors).length > 0) {
      problem.textContent = 'Please complete the highlighted fields.';
      problem.hidden = false;
      return;
    }
    var headers = { 'Content-Type': 'application/json' };
    headers[document.querySelector('meta[name=_csrf_header]').content] =
      document.querySelector('meta[name=_csrf]').content;
    fetch(container.getAttribute('data-complete'), {
      method: 'POST', headers: headers, body: JSON.stringify(result.data), credentials: 'same-origin'
    }).then(function (response) {
      if (response.ok) {
        window.location.assign('/tasks?done');
      } else {
        // A refusal the server explains in words (422) is shown as it is.
        response.json().catch(function () { return {}; }).then(function (body) {
          problem.textContent = body && body.problem ? body.problem
            : 'The task could not be completed (' + response.status + '). Reload and try again.';
          problem.hidden = false;
        });
      }
    });
  });
})();
