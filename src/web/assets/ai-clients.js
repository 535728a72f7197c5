/* global window */
// The AI clients panel of /app: clients that signed in to /mcp with OAuth as you (src/mcp-auth), with Revoke.
(function () {
  'use strict';
  var P = window.PaPage;
  var $ = P.$;

  function render(clients) {
    var list = $('ai-client-list');
    list.textContent = '';
    $('ai-clients-empty').hidden = clients.length > 0;
    clients.forEach(function (client) {
      var revoke = P.el('button', { type: 'button', class: 'danger', 'aria-label': 'Revoke ' + client.clientName, text: 'Revoke' });
      revoke.addEventListener('click', function () {
        revoke.disabled = true;
        P.api('DELETE', '/auth/mcp-clients/' + client.grantId).then(
          function () {
            P.showNotice('success', 'Revoked “' + client.clientName + '”; it can no longer use your assistant.');
            return load();
          },
          function (error) {
            revoke.disabled = false;
            P.showNotice('error', error.message);
          },
        );
      });
      var meta = P.el('div', { class: 'meta', text: 'Allowed ' + P.when(client.createdAt) + ' · last used ' + P.when(client.lastUsedAt) });
      list.appendChild(
        P.el('li', { class: 'api-key', 'data-id': client.grantId }, [
          P.el('div', { class: 'title' }, [P.el('span', { class: 'name', text: client.clientName })]),
          meta,
          P.el('div', { class: 'buttons' }, [revoke]),
        ]),
      );
    });
  }

  function load() {
    return P.api('GET', '/auth/mcp-clients').then(render, function (error) {
      P.showNotice('error', 'AI clients: ' + error.message);
    });
  }

  function show() {
    $('ai-clients-url').textContent = window.location.origin + '/mcp';
    $('ai-clients').hidden = false;
    return load();
  }

  function hide() {
    $('ai-clients').hidden = true;
    $('ai-client-list').textContent = '';
  }

  window.PaAiClients = { show: show, hide: hide };
})();
