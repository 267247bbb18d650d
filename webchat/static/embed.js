// One script tag puts the assistant on any website:
//   <script src="https://SERVER/embed.js" data-title="Trợ lý xã Đông Hòa" data-color="#0b4f8a" defer></script>
// Optional: data-server (if the API lives elsewhere), data-label (button text),
// data-position="left", data-open="1". The chat loads only when opened.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__bdhvsChatEmbedded) return;
  window.__bdhvsChatEmbedded = true;

  var data = script.dataset;
  var server = new URL(data.server || './', script.src).href;
  var colour = /^#(?:[0-9a-f]{3}){1,2}$/i.test(data.color || '') ? data.color : '';

  var host = document.createElement('div');
  host.className = 'bdhvs-chat-embed';
  var root = host.attachShadow({ mode: 'open' });
  var style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = new URL('static/embed.css', server).href;

  var launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher' + (data.position === 'left' ? ' left' : '');
  launcher.textContent = data.label || '💬 Hỏi trợ lý';
  launcher.setAttribute('aria-expanded', 'false');
  if (colour) launcher.style.setProperty('--brand', colour);

  var panel = document.createElement('div');
  panel.className = 'panel' + (data.position === 'left' ? ' left' : '');
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', data.title || 'Trợ lý Bình dân học vụ số');
  panel.hidden = true;

  function open() {
    if (!panel.firstChild) {
      var module = document.createElement('script');
      module.type = 'module';
      module.src = new URL('static/chat.js', server).href;
      document.head.appendChild(module);
      var chat = document.createElement('bdhvs-chat');
      chat.setAttribute('server', server);
      chat.setAttribute('closable', '');
      if (data.title) chat.setAttribute('heading', data.title);
      if (colour) chat.setAttribute('color', colour);
      panel.appendChild(chat);
    }
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
  }

  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', open);
  panel.addEventListener('bdhvs-close', close);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') close();
  });

  root.append(style, launcher, panel);
  (document.body || document.documentElement).appendChild(host);
  if (data.open === '1') open();
})();
