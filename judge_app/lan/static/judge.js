// The judge's page: their own sheet, following the entry on stage. No external assets.
// It follows the stage by long polling /api/judge/wait: the request returns as soon as the host
// moves the stage or closes the entry (within a few tenths of a second), then the sheet reloads.
// Submissions carry an idempotency key and are kept in localStorage until the server answers,
// so a dropped connection is retried with the same key: never lost, never counted twice.
"use strict";
(function () {
  var token = decodeURIComponent(location.pathname.split("/").pop() || "");
  var PENDING = "judge_app.pending." + token.slice(0, 12);
  var view = null, openKey = null, dirty = false, followStage = true, sending = false, shown = "";
  var $ = function (id) { return document.getElementById(id); };

  function api(path, options) {
    options = options || {};
    options.headers = Object.assign({ "Authorization": "Bearer " + token }, options.headers || {});
    var ctrl = new AbortController();
    var timer = setTimeout(function () { ctrl.abort(); }, options.timeout || 10000);
    options.signal = ctrl.signal;
    return fetch(path, options).then(function (r) {
      clearTimeout(timer);
      return r.json().catch(function () { return {}; }).then(function (body) { return { status: r.status, body: body }; });
    }, function (e) { clearTimeout(timer); throw e; });
  }

  function newKey() {
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
  }

  // Exact decimal arithmetic in 1/10000 points, like the server.
  var NUM = /^\d{1,6}(\.\d{1,4})?$/;
  function units(text) { var p = text.split("."); return parseInt(p[0], 10) * 10000 + parseInt(((p[1] || "") + "0000").slice(0, 4), 10); }
  function fmt(u) { var s = String(Math.floor(u / 10000)), f = String(u % 10000).padStart(4, "0").replace(/0+$/, ""); return f ? s + "." + f : s; }

  function itemKey(e) { return e.component + "/" + e.entry; }
  function panel(key) { return view.panels.filter(function (p) { return p.key === key; })[0]; }
  function item(key) { return view.entries.filter(function (e) { return itemKey(e) === key; })[0]; }
  function stageItem() { return view.current ? view.entries.filter(function (e) { return e.entry === view.current; })[0] : null; }

  function load() {
    return api("/api/judge").then(function (r) {
      if (r.status !== 200) { fatal(r.body.error || "无法打开评分页面"); return; }
      setNet(null);
      var before = view && view.current;
      view = r.body;
      $("contest").textContent = view.contest + " · " + view.round.name;
      $("who").textContent = "评委 " + view.judge.name + " (" + view.judge.code + ")";
      $("recused").classList.toggle("hidden", !view.current_recused);
      var st = stageItem();
      if (!openKey || (followStage && !dirty && st && itemKey(st) !== openKey)) {
        openKey = st ? itemKey(st) : null;
        shown = "";
      } else if (st && itemKey(st) !== openKey && before !== view.current) {
        var note = $("stage-note");
        note.textContent = "台上作品已换到 " + st.entry + " " + st.title + ", 点此切换";
        note.classList.remove("hidden");
      }
      if (openKey && !dirty && signature() !== shown) renderSheet();
      if (!openKey) $("sheet").classList.add("hidden");
      renderList();
    }, function () { setNet("网络连接中断, 正在重试…"); });
  }

  function fatal(msg) { var f = $("fatal"); f.textContent = msg; f.classList.remove("hidden"); $("sheet").classList.add("hidden"); }
  function setNet(msg) { var n = $("net"); if (msg) { n.textContent = msg; n.classList.remove("hidden"); } else n.classList.add("hidden"); }

  function renderList() {
    var ul = $("entries"); ul.textContent = "";
    view.entries.forEach(function (e) {
      var li = document.createElement("li");
      li.dataset.key = itemKey(e);
      if (itemKey(e) === openKey) li.className = "on";
      var p = panel(e.component), total = 0, done = Object.keys(e.values).length === p.criteria.length;
      p.criteria.forEach(function (c) { if (e.values[c.key] != null) total += units(e.values[c.key]); });
      var state = e.closed ? (done ? "已结束 · " + fmt(total) + " 分" : "已结束") : done ? "已评 " + fmt(total) + " 分" : "未评";
      var stage = e.entry === view.current ? " · 台上" : "";
      li.innerHTML = "<span class=code></span><span class=title></span><span class=state></span>";
      li.children[0].textContent = e.entry;
      li.children[1].textContent = e.title + (view.panels.length > 1 ? " (" + p.name + ")" : "");
      li.children[2].textContent = state + stage;
      if (done) li.children[2].className = "state done";
      li.onclick = function () { openKey = itemKey(e); dirty = false; followStage = e.entry === view.current; renderSheet(); renderList(); window.scrollTo(0, 0); };
      ul.appendChild(li);
    });
  }

  function signature() { return openKey + JSON.stringify(item(openKey) || null) + view.current; }

  function renderSheet() {
    var e = item(openKey); if (!e) { $("sheet").classList.add("hidden"); return; }
    shown = signature();
    var p = panel(e.component);
    $("sheet").classList.remove("hidden");
    $("stage-note").classList.add("hidden");
    var onStage = e.entry === view.current;
    $("sheet-badge").textContent = onStage ? "当前上场" : "作品";
    $("sheet-badge").className = onStage ? "badge" : "badge other";
    $("sheet-title").textContent = e.entry + " " + e.title;
    $("sheet-sub").textContent = (e.unit || "") + (view.panels.length > 1 ? " · " + p.name : "");
    var box = $("criteria"); box.textContent = "";
    var maxTotal = 0;
    p.criteria.forEach(function (c) {
      maxTotal += units(c.max);
      var div = document.createElement("div"); div.className = "crit"; div.dataset.key = c.key;
      var id = "c-" + c.key;
      div.innerHTML = "<label></label><input type=text inputmode=decimal enterkeyhint=next><div class=err></div>";
      div.children[0].setAttribute("for", id);
      div.children[0].innerHTML = "<span></span><span class=max></span>";
      div.children[0].children[0].textContent = c.name;
      div.children[0].children[1].textContent = "满分 " + c.max;
      var input = div.children[1]; input.id = id; input.name = c.key;
      input.value = e.values[c.key] != null ? e.values[c.key] : "";
      input.disabled = e.closed;
      input.oninput = function () { dirty = true; check(); };
      box.appendChild(div);
    });
    $("total-max").textContent = fmt(maxTotal);
    $("comment").value = e.comment || ""; $("comment").disabled = e.closed;
    $("comment").oninput = function () { dirty = true; };
    $("closed-note").classList.toggle("hidden", !e.closed);
    $("submit").classList.toggle("hidden", e.closed);
    $("submit").textContent = Object.keys(e.values).length ? "修改评分" : "提交评分";
    $("saved").classList.add("hidden");
    dirty = false;
    check(true);
  }

  // Same rules as the server: a number, 0..max, at most 4 decimal places.
  function check(quiet) {
    var e = item(openKey), p = panel(e.component), ok = true, total = 0, all = true;
    p.criteria.forEach(function (c) {
      var div = document.querySelector('.crit[data-key="' + c.key + '"]'), v = div.children[1].value.trim().replace("。", ".");
      var err = "";
      if (v === "") { all = false; ok = false; }
      else if (!NUM.test(v)) { err = "请输入数字, 最多 4 位小数"; ok = false; }
      else if (units(v) > units(c.max)) { err = "超过满分 " + c.max; ok = false; }
      else total += units(v);
      div.classList.toggle("bad", !!err && !quiet);
      div.children[2].textContent = quiet ? "" : err;
    });
    $("total").textContent = all && ok ? fmt(total) : "—";
    return ok;
  }

  function values() {
    var e = item(openKey), p = panel(e.component), out = {};
    p.criteria.forEach(function (c) { out[c.key] = $("c-" + c.key).value.trim().replace("。", "."); });
    return out;
  }

  $("form").onsubmit = function (ev) {
    ev.preventDefault();
    if (!check(false)) {
      var first = document.querySelector(".crit.bad input") || Array.prototype.filter.call(document.querySelectorAll(".crit input"), function (i) { return !i.value.trim(); })[0];
      if (first) { first.focus(); if (!first.value.trim()) first.parentNode.children[2].textContent = "请填写此项"; }
      return;
    }
    var e = item(openKey), p = panel(e.component), v = values(), body = "<table>", total = 0;
    p.criteria.forEach(function (c) { total += units(v[c.key]); body += "<tr><td></td><td></td></tr>"; });
    body += "<tr><td>合计</td><td>" + fmt(total) + "</td></tr></table>";
    $("confirm-body").innerHTML = "<p><b></b></p>" + body;
    $("confirm-body").querySelector("b").textContent = e.entry + " " + e.title;
    var rows = $("confirm-body").querySelectorAll("tr");
    p.criteria.forEach(function (c, i) { rows[i].children[0].textContent = c.name + " (满分 " + c.max + ")"; rows[i].children[1].textContent = v[c.key]; });
    var comment = $("comment").value.trim();
    if (comment) { var q = document.createElement("p"); q.className = "sub"; q.textContent = "点评: " + comment; $("confirm-body").appendChild(q); }
    $("confirm").classList.remove("hidden");
    $("confirm-ok").focus();
  };
  $("confirm-back").onclick = function () { $("confirm").classList.add("hidden"); };
  $("confirm-ok").onclick = function () {
    $("confirm").classList.add("hidden");
    var e = item(openKey);
    queue({ key: newKey(), component: e.component, entry: e.entry, values: values(), comment: $("comment").value.trim() });
    dirty = false;
  };
  $("stage-note").onclick = function () { var st = stageItem(); if (st) { openKey = itemKey(st); followStage = true; dirty = false; renderSheet(); renderList(); } };

  function pending() { try { return JSON.parse(localStorage.getItem(PENDING) || "[]"); } catch (x) { return []; } }
  function savePending(list) { try { localStorage.setItem(PENDING, JSON.stringify(list)); } catch (x) { /* private mode */ } }
  function queue(sub) {
    var list = pending(); list.push(sub); savePending(list);
    $("submit").disabled = true; $("saved").textContent = "正在提交…"; $("saved").classList.remove("hidden");
    flush(0);
  }
  function flush(attempt) {
    var list = pending();
    if (!list.length || sending) return;
    sending = true;
    var sub = list[0];
    api("/api/judge/scores", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(sub) }).then(function (r) {
      sending = false;
      if (r.status >= 500 || r.status === 429) throw new Error("retry");
      savePending(pending().filter(function (s) { return s.key !== sub.key; }));
      $("submit").disabled = false;
      setNet(null);
      if (r.status === 200) {
        $("saved").textContent = "✓ 已提交: " + sub.entry + " 合计 " + fmt(Object.keys(sub.values).reduce(function (t, k) { return t + units(sub.values[k]); }, 0)) + " 分";
        $("saved").className = "saved";
      } else {
        $("saved").textContent = "未能提交: " + (r.body.error || r.status);
        $("saved").className = "saved fatal";
      }
      return load().then(function () { $("saved").classList.remove("hidden"); flush(0); });
    }).catch(function () {
      sending = false;
      setNet("网络连接中断, 评分已保存在本机, 正在重新提交…");
      setTimeout(function () { flush(attempt + 1); }, Math.min(15000, 1000 * Math.pow(2, attempt)));
    });
  }

  if (!token) { fatal("评分链接不完整, 请重新扫描二维码"); return; }
  var version = null, stopped = false;
  function follow() {
    if (stopped) return;
    api("/api/judge/wait?since=" + encodeURIComponent(version || ""), { timeout: 30000 }).then(function (r) {
      if (r.status === 401) { stopped = true; fatal(r.body.error || "评分链接已停用"); return; }
      if (r.status !== 200) throw new Error("retry");
      var changed = version !== null && r.body.version !== version;
      version = r.body.version;
      setNet(null);
      return changed ? load() : null;
    }).then(function () { setTimeout(follow, 0); }, function () {
      setNet("网络连接中断, 正在重试…");
      setTimeout(follow, 2000);
    });
  }
  load().then(function () { flush(0); follow(); });
  // the sheet itself (own values after a correction by the clerk) refreshes now and then
  setInterval(function () { if (!document.hidden) load(); }, 30000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) load(); });
})();
