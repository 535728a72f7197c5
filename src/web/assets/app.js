/* global document, window, URLSearchParams */
// The /app page: plain DOM and fetch against the same API as every other client (session cookie, same origin).
(function () {
  'use strict';

  var NOTICES = {
    connected: ['success', 'Notion workspace connected.'],
    reconnected: ['success', 'Notion workspace reconnected; its connection was renewed.'],
    cancelled: ['error', 'Connection cancelled: you declined on the Notion page, so nothing was connected.'],
    failed: ['error', 'Notion did not complete the connection. Nothing was stored; please try again.'],
  };
  var STATUS_LABELS = { active: 'Active', needs_reauth: 'Needs reconnecting', revoked: 'Disconnected' };

  var P = window.PaPage;
  var $ = P.$;
  var api = P.api;
  var el = P.el;
  var when = P.when;
  var showNotice = P.showNotice;

  function renderIntegrations(items) {
    var visible = items.filter(function (i) {
      return i.status !== 'revoked';
    });
    var list = $('integrations');
    list.textContent = '';
    $('empty').hidden = visible.length > 0;
    showNotesPanel(visible.length > 0);
    visible.forEach(function (item) {
      var name = item.workspaceName || 'Untitled workspace';
      var result = el('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
      var title = el('div', { class: 'title' }, [
        el('span', { class: 'name', text: name }),
        el('span', { class: 'badge ' + item.status, text: STATUS_LABELS[item.status] || item.status }),
      ]);
      if (item.isDefault) title.appendChild(el('span', { class: 'badge default', text: 'Default' }));
      var buttons = el('div', { class: 'buttons' });
      var test = el('button', { type: 'button', 'aria-label': 'Test connection to ' + name, text: 'Test connection' });
      test.addEventListener('click', function () {
        test.disabled = true;
        result.textContent = 'Checking…';
        api('GET', '/integrations/' + item.id + '/status')
          .then(
            function (status) {
              test.disabled = false;
              result.textContent = 'Connection works (' + (status.workspaceName || name) + ').';
              // The check used the connection: show its new "last used".
              return refreshMeta();
            },
            function (error) {
              // The status may have changed (e.g. needs reconnecting): redraw, and say why above the list.
              showNotice('error', name + ': ' + error.message);
              return refresh();
            },
          );
      });
      buttons.appendChild(test);
      if (!item.isDefault && item.status === 'active') {
        var makeDefault = el('button', { type: 'button', 'aria-label': 'Make ' + name + ' the default', text: 'Make default' });
        makeDefault.addEventListener('click', function () {
          api('PATCH', '/integrations/' + item.id, { isDefault: true }).then(refresh, function (error) {
            result.textContent = error.message;
          });
        });
        buttons.appendChild(makeDefault);
      }
      if (item.status === 'needs_reauth') {
        var reconnect = el('button', { type: 'button', text: 'Reconnect' });
        reconnect.addEventListener('click', connect);
        buttons.appendChild(reconnect);
      }
      var disconnect = el('button', { type: 'button', class: 'danger', 'aria-label': 'Disconnect ' + name, text: 'Disconnect' });
      disconnect.addEventListener('click', function () {
        disconnect.disabled = true;
        api('DELETE', '/integrations/' + item.id).then(
          function () {
            // Refresh first so the notice never shows beside the row it announces gone.
            return refresh().then(
              function () {
                showNotice('success', 'Disconnected ' + name + '.');
              },
              function (error) {
                showNotice('error', 'Disconnected ' + name + ', but the list could not be reloaded: ' + error.message);
              },
            );
          },
          function (error) {
            disconnect.disabled = false;
            result.textContent = error.message;
          },
        );
      });
      buttons.appendChild(disconnect);
      var meta = el('div', { class: 'meta', text: metaText(item) });
      list.appendChild(el('li', { class: 'integration', 'data-id': item.id }, [title, meta, buttons, result]));
    });
    return items;
  }

  function metaText(item) {
    return 'Connected ' + when(item.connectedAt) + ' · last used ' + when(item.lastUsedAt);
  }

  function refresh() {
    return api('GET', '/integrations').then(renderIntegrations);
  }

  /** Updates the "last used" lines in place (keeping results shown under the buttons); redraws if the list changed. */
  function refreshMeta() {
    return api('GET', '/integrations').then(function (items) {
      var shown = document.querySelectorAll('#integrations li').length;
      var visible = items.filter(function (i) {
        return i.status !== 'revoked';
      });
      if (visible.length !== shown) return renderIntegrations(items);
      visible.forEach(function (item) {
        var meta = document.querySelector('#integrations li[data-id="' + item.id + '"] .meta');
        if (meta) meta.textContent = metaText(item);
        else renderIntegrations(items);
      });
      return items;
    });
  }

  /** Notes are filed in Notion: until a workspace is connected, the panel says so and offers to connect one. */
  function showNotesPanel(connected) {
    $('notes-connect').hidden = connected;
    $('note-form').hidden = !connected;
    $('search-form').hidden = !connected;
    if (!connected) $('notes-empty').hidden = true;
  }

  function connect() {
    window.location.assign('/integrations/notion/connect');
  }

  function showSignedIn(user) {
    $('signed-out').hidden = true;
    $('signed-in').hidden = false;
    $('notes').hidden = false;
    $('who').textContent = user.name + ' (' + user.email + ')';
    window.PaApiKeys.show();
    window.PaAiClients.show();
    return refresh().then(function (items) {
      loadNotes();
      return items;
    });
  }

  function showSignedOut() {
    $('signed-in').hidden = true;
    $('notes').hidden = true;
    window.PaApiKeys.hide();
    window.PaAiClients.hide();
    syncedIds = null;
    $('signed-out').hidden = false;
  }

  // --- Notes: write one, watch it go from pending to synced, open it in Notion, search. ---
  var SYNC_LABELS = { pending: 'Syncing…', synced: 'In Notion', failed: 'Sync failed', needs_reauth: 'Waiting for reconnect' };
  var notesQuery = '';
  var pollTimer = null;
  var syncedIds = null;

  function renderNotes(page) {
    var list = $('note-list');
    list.textContent = '';
    $('notes-empty').hidden = page.items.length > 0 || $('note-form').hidden;
    noticeNewlySynced(page.items);
    $('notes-empty').textContent = notesQuery ? 'No notes match “' + notesQuery + '”.' : 'No notes yet.';
    page.items.forEach(function (note) {
      var title = el('div', { class: 'title' }, [
        el('span', { class: 'name', text: note.title }),
        el('span', { class: 'badge type', text: note.type }),
        el('span', { class: 'badge ' + note.sync.status, 'data-status': note.sync.status, text: SYNC_LABELS[note.sync.status] || note.sync.status }),
      ]);
      if (note.sync.conflict) title.appendChild(el('span', { class: 'badge conflict', text: 'Conflict' }));
      else if (note.sync.lastPulledAt) title.appendChild(el('span', { class: 'badge edited', title: 'Last read from Notion ' + when(note.sync.lastPulledAt), text: 'Edited in Notion' }));
      var children = [title];
      if (note.summary) children.push(el('p', { class: 'summary', text: note.summary }));
      children.push(
        el(
          'div',
          { class: 'tags', 'aria-label': 'Tags' },
          note.tags.map(function (tag) {
            return el('span', { class: 'tag', text: tag });
          }),
        ),
      );
      var meta = el('div', { class: 'meta', text: 'Written ' + when(note.createdAt) });
      if (note.notion) {
        meta.appendChild(document.createTextNode(' · '));
        meta.appendChild(el('a', { href: note.notion.url, target: '_blank', rel: 'noopener noreferrer', text: 'Open in Notion' }));
      }
      if (note.sync.notionEditedAt) meta.appendChild(document.createTextNode(' · edited in Notion ' + when(note.sync.notionEditedAt)));
      if (note.sync.lastError && note.sync.status !== 'synced') meta.appendChild(document.createTextNode(' · ' + note.sync.lastError));
      children.push(meta);
      if (note.sync.notionMissing) children.push(missingPanel(note));
      if (note.sync.conflict) children.push(conflictPanel(note));
      list.appendChild(el('li', { class: 'note', 'data-id': note.id }, children));
    });
    // Keep watching while any note is on its way to Notion.
    var waiting = page.items.some(function (note) {
      return note.sync.status === 'pending';
    });
    if (pollTimer) window.clearTimeout(pollTimer);
    pollTimer = waiting ? window.setTimeout(loadNotes, 1000) : null;
  }

  /** Both versions of a conflicted note side by side, and the person's three ways out. */
  function conflictPanel(note) {
    var side = function (label, text) {
      return el('div', { class: 'side' }, [el('h4', { text: label }), el('pre', { text: text })]);
    };
    var buttons = el('div', { class: 'buttons' });
    [
      ['ours', 'Keep mine'],
      ['theirs', 'Keep Notion’s'],
      ['both', 'Keep both'],
    ].forEach(function (choice) {
      var button = el('button', { type: 'button', text: choice[1] });
      button.addEventListener('click', function () {
        button.disabled = true;
        api('PATCH', '/notes/' + note.id, { resolveConflict: choice[0] }).then(
          function () {
            showNotice('success', 'Resolved “' + note.title + '”.');
            return loadNotes();
          },
          function (error) {
            button.disabled = false;
            showNotice('error', error.message);
          },
        );
      });
      buttons.appendChild(button);
    });
    return el('section', { class: 'conflict', 'aria-label': 'Conflict in ' + note.title }, [
      el('p', { text: 'This note was changed here and in Notion at the same place. Both versions are kept in the note until you choose.' }),
      el('div', { class: 'sides' }, [side('Here', note.sync.conflict.ours), side('In Notion', note.sync.conflict.theirs)]),
      buttons,
    ]);
  }

  function missingPanel(note) {
    var button = el('button', { type: 'button', text: 'Write it to Notion again' });
    button.addEventListener('click', function () {
      button.disabled = true;
      api('POST', '/notes/' + note.id + '/sync').then(loadNotes, function (error) {
        button.disabled = false;
        showNotice('error', error.message);
      });
    });
    return el('div', { class: 'missing' }, [el('span', { text: 'This note’s page is no longer in Notion. ' }), button]);
  }

  /** A note that reached Notion since the last look used the connection: refresh its "last used". */
  function noticeNewlySynced(items) {
    var synced = items
      .filter(function (note) {
        return note.sync.status === 'synced';
      })
      .map(function (note) {
        return note.id;
      });
    var fresh = syncedIds !== null && synced.some(function (id) {
      return syncedIds.indexOf(id) < 0;
    });
    syncedIds = synced;
    if (fresh) refreshMeta();
  }

  function loadNotes() {
    var path = notesQuery ? '/notes/search?limit=50&q=' + encodeURIComponent(notesQuery) : '/notes?limit=50';
    return api('GET', path).then(renderNotes, function (error) {
      showNotice('error', 'Notes: ' + error.message);
    });
  }

  function startNotes() {
    $('note-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var content = $('note-content').value;
      if (!content.trim()) {
        showNotice('error', 'Write something first.');
        return;
      }
      var button = event.submitter || $('note-form').querySelector('button');
      button.disabled = true;
      api('POST', '/notes', { content: content })
        .then(function (note) {
          $('note-content').value = '';
          showNotice('success', note.sync.status === 'synced' ? 'Saved “' + note.title + '” to Notion.' : 'Saved “' + note.title + '”; it is on its way to Notion.');
          notesQuery = '';
          $('note-search').value = '';
          return loadNotes();
        })
        .catch(function (error) {
          showNotice('error', error.message);
        })
        .then(function () {
          button.disabled = false;
        });
    });
    $('search-form').addEventListener('submit', function (event) {
      event.preventDefault();
      notesQuery = $('note-search').value.trim();
      loadNotes();
    });
  }

  function takeCallbackNotice() {
    var params = new URLSearchParams(window.location.search);
    var notice = params.get('notice');
    if (!notice) return null;
    window.history.replaceState(null, '', '/app');
    return { notice: notice, integration: params.get('integration') };
  }

  function start() {
    var callback = takeCallbackNotice();
    if (callback && NOTICES[callback.notice]) showNotice(NOTICES[callback.notice][0], NOTICES[callback.notice][1]);

    $('account-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var mode = event.submitter && event.submitter.value === 'signup' ? 'signup' : 'signin';
      var email = $('email').value.trim();
      var password = $('password').value;
      var name = $('name').value.trim();
      if (mode === 'signup' && !name) {
        showNotice('error', 'Enter your name to sign up.');
        return;
      }
      var registered =
        mode === 'signup' ? api('POST', '/auth/register', { email: email, password: password, name: name }) : Promise.resolve();
      registered
        .then(function () {
          return api('POST', '/auth/login', { email: email, password: password });
        })
        .then(function (session) {
          $('password').value = '';
          $('notice').hidden = true;
          return showSignedIn(session.user);
        })
        .catch(function (error) {
          var detail = error.code === 'VALIDATION_FAILED' ? ' Check the email and use a password of at least 12 characters.' : '';
          showNotice('error', error.message + detail);
        });
    });

    $('sign-out').addEventListener('click', function () {
      api('POST', '/auth/logout').then(showSignedOut, showSignedOut);
    });
    $('connect').addEventListener('click', connect);
    $('notes-connect-button').addEventListener('click', connect);
    window.PaApiKeys.start();
    startNotes();

    api('GET', '/auth/me')
      .then(function (user) {
        return showSignedIn(user).then(function (items) {
          if (!callback || !callback.integration) return;
          var connected = items.filter(function (i) {
            return i.id === callback.integration;
          })[0];
          if (connected && NOTICES[callback.notice]) {
            showNotice('success', NOTICES[callback.notice][1].replace('Notion workspace', '“' + (connected.workspaceName || 'Notion workspace') + '”'));
          }
        });
      })
      .catch(showSignedOut);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
