/* global document, window, URLSearchParams */
// /app/authorize: an AI client's OAuth authorization request, shown to the signed-in person, who allows or denies it.
(function () {
  'use strict';

  // The address carries OAuth's own names (RFC 6749/7636); the product's API speaks camelCase.
  var FIELDS = { client_id: 'clientId', redirect_uri: 'redirectUri', code_challenge: 'codeChallenge', state: 'state', scope: 'scope', resource: 'resource' };

  var P = window.PaPage;
  var $ = P.$;
  var api = P.api;

  /** The request as the client sent it, minus anything else in the address. */
  function request() {
    var params = new URLSearchParams(window.location.search);
    var out = {};
    Object.keys(FIELDS).forEach(function (name) {
      if (params.has(name)) out[FIELDS[name]] = params.get(name);
    });
    return out;
  }

  function show(id) {
    ['signin', 'consent', 'problem'].forEach(function (section) {
      $(section).hidden = section !== id;
    });
  }

  function problem(message) {
    $('problem-text').textContent = message;
    show('problem');
  }

  function decide(decision) {
    $('allow').disabled = true;
    $('deny').disabled = true;
    var body = request();
    body.decision = decision;
    api('POST', '/auth/mcp-clients/authorization', body).then(
      function (answer) {
        window.location.assign(answer.redirectTo);
      },
      function (error) {
        problem(error.message);
      },
    );
  }

  function consent(me) {
    api('GET', '/auth/mcp-clients/authorization?' + new URLSearchParams(request()).toString()).then(
      function (info) {
        $('client-name').textContent = info.clientName;
        $('who').textContent = me.name + ' <' + me.email + '>';
        $('redirect-host').textContent = info.redirectHost;
        var list = $('can');
        list.textContent = '';
        info.can.forEach(function (line) {
          var item = document.createElement('li');
          item.textContent = line;
          list.appendChild(item);
        });
        show('consent');
        $('allow').focus();
      },
      function (error) {
        problem(error.message);
      },
    );
  }

  function start() {
    api('GET', '/auth/me').then(consent, function (error) {
      if (error.status === 401) show('signin');
      else problem(error.message);
    });
  }

  $('allow').addEventListener('click', function () {
    decide('allow');
  });
  $('deny').addEventListener('click', function () {
    decide('deny');
  });
  $('signin-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var failure = $('signin-error');
    failure.hidden = true;
    api('POST', '/auth/login', { email: $('email').value, password: $('password').value }).then(start, function (error) {
      failure.textContent = error.message;
      failure.hidden = false;
    });
  });
  start();
})();
