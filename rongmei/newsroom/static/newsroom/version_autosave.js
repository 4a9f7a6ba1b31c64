/*
 * Autosave of the channel-version edit form (rongmei/newsroom/templates/newsroom/version_edit.html).
 *
 * The form names its endpoint in `data-autosave-url` and its status element in
 * `data-autosave-status`. The text fields are compared every half second, like Wagtail's
 * own unsaved-changes check: the rich-text editor (Draftail) writes its hidden input by
 * itself, without input events, and a toolbar button changes the text without typing.
 * The editor's JSON is compared by content, not by how it is written.
 * Two seconds after the typing stops (at the latest ten seconds after it started, or at
 * once on a `change`), the form is posted; the answer is the HTML of the status to show,
 * marked `data-autosave-error` when the draft was refused. Leaving the page with text not
 * yet kept anywhere asks first.
 */
(function () {
  "use strict";

  var FIELDS = ["title", "body", "caption"];
  var CHECK_EVERY = 500;
  var QUIET = 2000;
  var AT_MOST = 10000;

  // JSON with its keys in order, so that equal values compare equal as strings.
  function stable(value) {
    if (Array.isArray(value)) return "[" + value.map(stable).join(",") + "]";
    if (value && typeof value === "object") {
      return "{" + Object.keys(value).sort().map(function (key) {
        return JSON.stringify(key) + ":" + stable(value[key]);
      }).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  // The rich-text editor rewrites its input once on start (other key order, block keys,
  // empty block data): compare what it says, not how it is written.
  function content(value) {
    var raw;
    try {
      raw = JSON.parse(value);
    } catch (e) {
      return value;
    }
    if (!raw || !Array.isArray(raw.blocks)) return value;
    return stable({
      blocks: raw.blocks.map(function (block) {
        var out = Object.assign({}, block);
        delete out.key;
        if (out.data && !Object.keys(out.data).length) delete out.data;
        return out;
      }),
      entityMap: raw.entityMap || {},
    });
  }

  function start(form) {
    var status = document.getElementById(form.getAttribute("data-autosave-status"));
    var url = form.getAttribute("data-autosave-url");
    var kept; // the text as last kept (as loaded, or as autosaved)
    var seen; // the text at the last check
    var dirtySince = 0;
    var timer = null;
    var busy = false;
    var again = false;
    var submitting = false;

    function text() {
      var data = new FormData(form);
      var out = new URLSearchParams();
      FIELDS.forEach(function (name) {
        out.append(name, content(data.get(name) || ""));
      });
      return out.toString();
    }

    function show(html, state) {
      if (!status) return;
      status.innerHTML = html;
      status.setAttribute("data-state", state);
    }

    function say(key, cls, state) {
      if (!status) return;
      var span = document.createElement("span");
      span.className = "newsroom-autosave " + cls;
      span.textContent = status.getAttribute(key) || "";
      status.replaceChildren(span);
      status.setAttribute("data-state", state);
    }

    function schedule(wait) {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, wait);
    }

    function check() {
      if (submitting) return;
      var now = text();
      if (now === kept) {
        dirtySince = 0;
        return;
      }
      if (now !== seen) {
        seen = now;
        if (!dirtySince) dirtySince = Date.now();
        var left = AT_MOST - (Date.now() - dirtySince);
        schedule(Math.max(0, Math.min(QUIET, left)));
      }
    }

    function save() {
      window.clearTimeout(timer);
      if (submitting) return;
      if (busy) {
        again = true;
        return;
      }
      var sent = text();
      if (sent === kept) return;
      busy = true;
      say("data-saving", "", "saving");
      window
        .fetch(url, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { "X-Requested-With": "XMLHttpRequest" },
        })
        .then(function (response) {
          return response.text().then(function (html) {
            if (!response.ok) throw new Error(String(response.status));
            return html;
          });
        })
        .then(function (html) {
          var failed = html.indexOf("data-autosave-error") !== -1;
          show(html, failed ? "error" : "saved");
          if (!failed) {
            kept = sent;
            dirtySince = 0;
          }
        })
        .catch(function () {
          say("data-failed", "newsroom-autosave--error", "error");
        })
        .finally(function () {
          // A refused or failed text is tried again only once it changes.
          busy = false;
          seen = sent;
          if (again) {
            again = false;
            save();
          }
        });
    }

    // The text as the page came; the rich-text editor rewrites its input only on a change.
    kept = seen = text();
    window.setInterval(check, CHECK_EVERY);

    form.addEventListener("change", function () {
      if (text() !== kept) save();
    });
    form.addEventListener("submit", function () {
      submitting = true;
      window.clearTimeout(timer);
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || text() === kept) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  function init() {
    document.querySelectorAll("form[data-autosave-url]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
