// Kelisim playground page: plain DOM, polls /api/chats and redraws only the panes that changed.
const PANE_TITLES = {
  citizen: { kk: "Азамат", ru: "Гражданин", en: "Citizen" },
  mediator: { kk: "Медиатор", ru: "Медиатор", en: "Mediator" },
  operator: { kk: "Оператор", ru: "Оператор", en: "Operator" },
  other: { kk: "Екінші тарап", ru: "Другая сторона", en: "Other party" },
};
// An invitation link in a chat opens in the other party's pane (as if it had been forwarded to them).
const OTHER_EMPTY = {
  kk: "Бұл адам ботпен әлі сөйлеспеген. Азаматтың шақыруы осы чатта ашылады.",
  ru: "Этот человек ещё не писал боту. Приглашение гражданина откроется в этом чате.",
  en: "This person has not talked to the bot yet. The citizen's invitation opens in this chat.",
};
const OPEN_INVITATION = { kk: "🔗 Екінші тараптың чатында ашу", ru: "🔗 Открыть в чате другой стороны", en: "🔗 Open in the other party's chat" };
const PLACEHOLDER = { kk: "Хабарлама жазыңыз…", ru: "Сообщение…", en: "Message…" };
const VILLAGE_PROMPT = { kk: "Ауылды таңдаңыз", ru: "Выберите село", en: "Pick a village" };

const params = new URLSearchParams(location.search);
const config = await (await fetch("/api/config")).json();
const pollMs = Number(params.get("poll")) || config.pollMs;
const panesEl = document.getElementById("panes");
const statusEl = document.getElementById("status");
const rendered = new Map(); // pane → JSON last drawn
const villagesOpen = new Set();

async function post(path, body) {
  statusEl.textContent = "";
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) statusEl.textContent = json.error ?? `HTTP ${res.status}`;
  await refresh();
  return json;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children) if (c !== undefined && c !== null) node.append(c);
  return node;
}

function paneShell(pane) {
  let root = document.querySelector(`[data-pane="${pane}"]`);
  if (root) return root;
  root = el("section", { class: "phone", "data-pane": pane, "aria-label": pane });
  panesEl.append(root);
  return root;
}

function draw(view) {
  const key = JSON.stringify(view) + villagesOpen.has(view.pane);
  if (rendered.get(view.pane) === key) return;
  rendered.set(view.pane, key);
  const root = paneShell(view.pane);
  const chat = root.querySelector(".chat");
  const atBottom = !chat || chat.scrollHeight - chat.scrollTop - chat.clientHeight < 40;
  const draft = root.querySelector(".composer input")?.value ?? "";
  const hadFocus = document.activeElement === root.querySelector(".composer input");
  root.replaceChildren();
  root.lang = view.locale;

  const select = el("select", { "aria-label": "language", "data-testid": "language", onchange: (e) => post("/api/language", { pane: view.pane, locale: e.target.value }) },
    ...config.locales.map((l) => { const o = el("option", { value: l }, l.toUpperCase()); if (l === view.locale) o.selected = true; return o; }));
  root.append(el("header", {}, el("div", { class: "avatar" }, "K"),
    el("div", { class: "who" }, "Kelisim", el("small", {}, `${PANE_TITLES[view.pane][view.locale]} · ${view.name}`)), select));

  const list = el("div", { class: "chat" });
  if (view.messages.length === 0) list.append(el("div", { class: "empty" }, view.pane === "other" ? OTHER_EMPTY[view.locale] : "…"));
  for (const m of view.messages) {
    const bubble = el("div", { class: `msg ${m.fromBot ? "bot" : "user"}`, "data-message-id": String(m.id) });
    if (m.attachment?.image) bubble.append(el("img", { class: "photo", src: m.attachment.image, alt: m.attachment.label }));
    if (m.attachment) bubble.append(el("div", { class: `attachment ${m.attachment.kind}` }, m.attachment.label));
    const body = el("div", { class: "text" });
    body.innerHTML = m.html; // already sanitised on the server: only b/i/u/s/code/pre/a
    if (m.html) bubble.append(body);
    bubble.append(el("div", { class: "meta" }, `${m.edited ? "✎ " : ""}${m.time}`));
    list.append(bubble);
    if (m.buttons.length) {
      const kb = el("div", { class: "inline-kb", "data-for": String(m.id) });
      for (const row of m.buttons) {
        kb.append(el("div", { class: "row" }, ...row.map((b) => b.kind === "url"
          ? el("button", { type: "button", class: "inline", onclick: () => window.open(b.url, "_blank", "noopener") }, `${b.text} ↗`)
          : el("button", { type: "button", class: "inline", onclick: () => post("/api/act", { pane: view.pane, action: "tap", text: b.text, messageId: m.id }) }, b.text))));
      }
      list.append(kb);
    }
    if (view.pane !== "other") {
      for (const payload of m.invitations ?? []) {
        list.append(el("div", { class: "inline-kb" }, el("div", { class: "row" },
          el("button", { type: "button", class: "inline", "data-invitation": payload, onclick: () => post("/api/act", { pane: "other", action: "text", text: `/start ${payload}` }) }, OPEN_INVITATION[view.locale]))));
      }
    }
  }
  root.append(list);

  if (view.replyKeyboard) {
    const kb = el("div", { class: "reply-kb" });
    for (const row of view.replyKeyboard) {
      kb.append(el("div", { class: "row" }, ...row.map((b) => el("button", {
        type: "button", class: "reply",
        onclick: () => {
          if (b.request === "location") { villagesOpen.has(view.pane) ? villagesOpen.delete(view.pane) : villagesOpen.add(view.pane); rendered.delete(view.pane); draw(view); }
          else if (b.request === "contact") post("/api/act", { pane: view.pane, action: "contact" });
          else post("/api/act", { pane: view.pane, action: "reply", text: b.text });
        },
      }, b.text))));
    }
    root.append(kb);
    if (villagesOpen.has(view.pane) && view.replyKeyboard.flat().some((b) => b.request === "location")) {
      root.append(el("div", { class: "villages", "aria-label": VILLAGE_PROMPT[view.locale] },
        ...config.villages.map((v) => el("button", { type: "button", onclick: () => { villagesOpen.delete(view.pane); post("/api/act", { pane: view.pane, action: "location", latitude: v.latitude, longitude: v.longitude }); } }, `📍 ${v.label}`))));
    }
  }

  const input = el("input", { type: "text", placeholder: PLACEHOLDER[view.locale], "aria-label": "message" });
  input.value = draft;
  const sendText = () => { const text = input.value.trim(); if (!text) return; input.value = ""; post("/api/act", { pane: view.pane, action: "text", text }); };
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") sendText(); });
  root.append(el("div", { class: "composer" }, input, el("button", { type: "button", "aria-label": "send", onclick: sendText }, "➤")));
  if (hadFocus) input.focus();
  const newChat = root.querySelector(".chat");
  if (atBottom) newChat.scrollTop = newChat.scrollHeight;
}

async function refresh() {
  try {
    const res = await fetch("/api/chats");
    if (!res.ok) return;
    const data = await res.json();
    document.getElementById("clock").textContent = new Intl.DateTimeFormat("ru-RU", { timeZone: "Asia/Almaty", dateStyle: "medium", timeStyle: "short" }).format(new Date(data.now));
    for (const view of data.panes) draw(view);
    document.body.dataset.ready = "true";
  } catch { /* the server is restarting */ }
}

for (const b of document.querySelectorAll("[data-advance]")) b.addEventListener("click", () => post("/api/clock", { advance: b.dataset.advance }));
document.getElementById("reset").addEventListener("click", async () => { rendered.clear(); panesEl.replaceChildren(); await post("/api/reset"); });

await refresh();
setInterval(refresh, pollMs);
