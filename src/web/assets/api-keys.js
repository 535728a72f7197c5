/* global window */
// The API keys panel of /app: create a key (shown once) for an MCP client or a script, list, revoke.
(function () {
  'use strict';
  var P = window.PaPage;
  var $ = P.$;
  var PLACEHOLDER = '<your API key>';

  function mcpUrl() {
    return window.location.origin + '/mcp';
  }

  /** The client configuration most MCP clients accept, with the new key when there is one. */
  function showConfig(key) {
    var config = {
      mcpServers: {
        'personal-assistant': { type: 'http', url: mcpUrl(), headers: { Authorization: 'Bearer ' + (key || PLACEHOLDER) } },
      },
    };
    $('mcp-config').textContent = JSON.stringify(config, null, 2);
  }

  function expiry(key) {
    return key.expiresAt ? 'expires ' + P.when(key.expiresAt) : 'does not expire';
  }

  function render(keys) {
    var list = $('api-key-list');
    list.textContent = '';
    $('api-keys-empty').hidden = keys.length > 0;
    keys.forEach(function (key) {
      var revoke = P.el('button', { type: 'button', class: 'danger', 'aria-label': 'Revoke ' + key.name, text: 'Revoke' });
      revoke.addEventListener('click', function () {
        revoke.disabled = true;
        P.api('DELETE', '/auth/api-keys/' + key.id).then(
          function () {
            P.showNotice('success', 'Revoked the key “' + key.name + '”; it no longer works.');
            return load();
          },
          function (error) {
            revoke.disabled = false;
            P.showNotice('error', error.message);
          },
        );
      });
      var title = P.el('div', { class: 'title' }, [P.el('span', { class: 'name', text: key.name }), P.el('code', { class: 'hint', text: key.hint })]);
      var meta = P.el('div', {
        class: 'meta',
        text: 'Created ' + P.when(key.createdAt) + ' · last used ' + P.when(key.lastUsedAt) + ' · ' + expiry(key),
      });
      list.appendChild(P.el('li', { class: 'api-key', 'data-id': key.id }, [title, meta, P.el('div', { class: 'buttons' }, [revoke])]));
    });
  }

  function load() {
    return P.api('GET', '/auth/api-keys').then(render, function (error) {
      P.showNotice('error', 'API keys: ' + error.message);
    });
  }

  function create(event) {
    event.preventDefault();
    var name = $('key-name').value.trim();
    if (!name) {
      P.showNotice('error', 'Give the key a name, to recognise it later.');
      return;
    }
    var days = $('key-expiry').value;
    var body = days ? { name: name, expiresInDays: Number(days) } : { name: name };
    var button = event.submitter || $('api-key-form').querySelector('button');
    button.disabled = true;
    P.api('POST', '/auth/api-keys', body)
      .then(function (created) {
        $('key-name').value = '';
        $('new-key-value').textContent = created.key;
        $('new-key').hidden = false;
        showConfig(created.key);
        return load();
      })
      .catch(function (error) {
        P.showNotice('error', error.message);
      })
      .then(function () {
        button.disabled = false;
      });
  }

  function show() {
    $('new-key').hidden = true;
    $('new-key-value').textContent = '';
    $('mcp-url').textContent = mcpUrl();
    showConfig(null);
    $('api-keys').hidden = false;
    return load();
  }

  function hide() {
    $('api-keys').hidden = true;
    $('new-key-value').textContent = '';
    showConfig(null);
  }

  function start() {
    $('api-key-form').addEventListener('submit', create);
    P.copyButton($('copy-new-key'), 'new-key-value');
    P.copyButton($('copy-mcp-url'), 'mcp-url');
    P.copyButton($('copy-mcp-config'), 'mcp-config');
  }

  window.PaApiKeys = { start: start, show: show, hide: hide };
})();
