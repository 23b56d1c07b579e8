/* Loaded on pages with widgets, between require.js and the ipywidgets HTML manager (nb_ipywidgets_js in
 * _config.yml). Both fixes are needed because the manager is served from the site, not from a CDN, and
 * because Sphinx loads MathJax 3. */
(function () {
  "use strict";
  // 1. The manager's webpack bundle finds its icon fonts relative to the AMD module
  //    "@jupyter-widgets/html-manager/dist/...", which require.js would resolve against the page
  //    (book/@jupyter-widgets/...: 404). Map it to _static/offline/html-manager/ (this script sits in _static/offline/).
  //    The explorers are anywidgets (nnlib/widgets/): the manager loads the AMD module "anywidget" through
  //    require.js and, when no path is configured for it, from cdn.jsdelivr.net. Map it to the copy fetched
  //    by tools/fetch_assets.py (the npm release of the version pinned on PyPI).
  var base = document.currentScript.src.replace(/[^/]*$/, "");
  window.require.config({ paths: { "@jupyter-widgets/html-manager/dist": base + "html-manager",
                                   "anywidget": base + "anywidget/index" } });

  // 2. @jupyter-widgets/base typesets labels with MathJax 2's API, MathJax.Hub.Queue(["Typeset", ...]),
  //    whenever window.MathJax exists. MathJax 3 has no Hub ("Cannot read properties of undefined
  //    (reading 'Queue')"): give it one that calls MathJax 3's typesetPromise.
  var cfg = window.MathJax;
  if (cfg === undefined) return; // no maths on this page: MathJax is not loaded, typeset() does nothing
  var pending = [];
  function typeset(el) {
    var mj = window.MathJax;
    if (mj && mj.typesetPromise && mj.startup && mj.startup.promise) {
      mj.startup.promise = mj.startup.promise
        .then(function () { return mj.typesetPromise(el ? [el] : undefined); })
        .catch(function (err) { console.warn("MathJax typeset failed", err); });
    } else {
      pending.push(el);
    }
  }
  var hub = { Queue: function (cmd) { typeset(cmd && cmd[2]); } };
  cfg.Hub = hub;
  cfg.startup = cfg.startup || {};
  var ready = cfg.startup.ready;
  cfg.startup.ready = function () {
    (ready || window.MathJax.startup.defaultReady)();
    window.MathJax.Hub = hub;
    pending.splice(0).forEach(typeset);
  };
})();
