/* global document, fetch, window */
// Helpers the /app scripts share (plain DOM and fetch, same origin, session cookie): window.PaPage.
(function () {
  'use strict';

  function $(id) {
    return document.getElementById(id);
  }

  function showNotice(kind, text) {
    var box = $('notice');
    box.className = kind;
    box.textContent = text;
    box.hidden = false;
  }

  function api(method, path, body) {
    var init = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      if (response.status === 204) return null;
      return response.json().then(function (data) {
        if (!response.ok) {
          var error = new Error(data && data.message ? data.message : 'Request failed (' + response.status + ').');
          error.status = response.status;
          error.code = data && data.code;
          throw error;
        }
        return data;
      });
    });
  }

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === 'text') node.textContent = props[key];
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(child);
    });
    return node;
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : 'never';
  }

  /** Copies the text of the element `sourceId` when `button` is pressed; says so on the button. */
  function copyButton(button, sourceId) {
    button.addEventListener('click', function () {
      var text = $(sourceId).textContent;
      var done = function (label) {
        button.textContent = label;
        window.setTimeout(function () {
          button.textContent = 'Copy';
        }, 2000);
      };
      if (!window.navigator.clipboard) {
        done('Select and copy');
        return;
      }
      window.navigator.clipboard.writeText(text).then(
        function () {
          done('Copied');
        },
        function () {
          done('Select and copy');
        },
      );
    });
  }

  window.PaPage = { $: $, api: api, el: el, when: when, showNotice: showNotice, copyButton: copyButton };
})();
