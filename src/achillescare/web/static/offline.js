// Installable app and offline check-ins. Registers the service worker (/sw.js), and when the
// device is offline, keeps a submitted check-in form in IndexedDB instead of losing it; each
// page load and each return online sends what is kept, oldest first, for the account that made
// it only. A check-in is removed from the queue only once the server has stored it, so none is
// lost; sending one again (the tab closed before it was removed) changes nothing on the server,
// which keeps no new version of a check-in whose answers are unchanged. The form is read
// generically (its FormData and the button pressed), so any field the form gains is queued too.
"use strict";

(() => {
  const QUEUED_FORMS = ["/checkin"]; // POST forms that may be kept while offline
  const DB_NAME = "achillescare-outbox";
  const STORE = "forms";
  const LOCK = "achillescare-outbox";

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  }

  const account = () => document.body.dataset.account || "";

  function openDb() {
    return new Promise((resolve, reject) => {
      const opening = indexedDB.open(DB_NAME, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: "id" });
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
  }

  function transact(mode, work) {
    return openDb().then(
      (db) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction(STORE, mode);
          const request = work(tx.objectStore(STORE));
          tx.oncomplete = () => {
            db.close();
            resolve(request.result);
          };
          tx.onerror = () => {
            db.close();
            reject(tx.error);
          };
        }),
    );
  }

  const keep = (entry) => transact("readwrite", (store) => store.put(entry));
  const drop = (id) => transact("readwrite", (store) => store.delete(id));
  const kept = () => transact("readonly", (store) => store.getAll());

  // The day on this device (YYYY-MM-DD): a check-in kept overnight still counts for the morning
  // it was made, not the day it reaches the server.
  function localDay(now) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  function statusBox() {
    let box = document.getElementById("outbox");
    if (!box) {
      box = document.createElement("p");
      box.id = "outbox";
      box.className = "notice outbox";
      box.setAttribute("role", "status");
      const main = document.querySelector("main");
      if (main) main.prepend(box);
    }
    return box;
  }

  function say(text) {
    if (!text && !document.getElementById("outbox")) return;
    const box = statusBox();
    box.textContent = text;
    box.hidden = !text;
  }

  function describe(entries, sent = 0) {
    const mine = entries.filter((e) => e.account === account());
    const waiting = mine.filter((e) => !e.refused).length;
    const refused = mine.filter((e) => e.refused);
    const parts = [];
    if (sent === 1) parts.push("The check-in saved on this device has been sent.");
    if (sent > 1) parts.push(`The ${sent} check-ins saved on this device have been sent.`);
    if (waiting === 1) parts.push("1 check-in is saved on this device and will be sent when you are back online.");
    if (waiting > 1) parts.push(`${waiting} check-ins are saved on this device and will be sent when you are back online.`);
    for (const entry of refused) {
      parts.push(`The check-in of ${entry.day} saved on this device was refused: ${entry.refused}`);
    }
    return parts.join(" ");
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || navigator.onLine || !account()) return;
    const action = new URL(form.action, location.href);
    if (form.method.toLowerCase() !== "post" || action.origin !== location.origin) return;
    if (!QUEUED_FORMS.includes(action.pathname)) return;
    event.preventDefault();
    const data = new FormData(form, event.submitter || undefined);
    const day = data.get("date") || localDay(new Date());
    if (!data.has("date")) data.set("date", day);
    const entry = {
      id: crypto.randomUUID(),
      account: account(),
      path: action.pathname,
      day,
      fields: [...data].filter(([, value]) => typeof value === "string"),
      queuedAt: new Date().toISOString(),
    };
    keep(entry)
      .then(kept)
      .then((entries) => {
        say(describe(entries));
        statusBox().scrollIntoView({ block: "center" });
      })
      .catch(() => say("This device could not keep the check-in: please send it again when you are online."));
  });

  // Whether the server stored the form: it answers a saved form with a redirect to a page of the
  // app, an expired session with one to the sign-in (or password) page, a refused answer with
  // the form again (422).
  function outcome(response) {
    const landed = new URL(response.url).pathname;
    if (response.ok && response.redirected && !["/signin", "/account"].includes(landed)) {
      return "stored";
    }
    return response.status === 422 ? "refused" : "later";
  }

  function refusal(html) {
    const found = new DOMParser().parseFromString(html, "text/html").querySelector("[role=alert]");
    return found ? found.textContent.trim() : "the answers were not accepted.";
  }

  async function sendKept() {
    let sent = 0;
    for (const entry of await kept()) {
      if (entry.account !== account() || entry.refused) continue;
      let response;
      try {
        response = await fetch(entry.path, {
          method: "POST",
          body: new URLSearchParams(entry.fields),
          credentials: "same-origin",
        });
      } catch {
        return sent; // still offline: the next page load or "online" event tries again
      }
      const result = outcome(response);
      if (result === "later") return sent;
      if (result === "stored") {
        await drop(entry.id);
        sent += 1;
      } else {
        await keep({ ...entry, refused: refusal(await response.text()) });
      }
    }
    return sent;
  }

  function flush() {
    if (!navigator.onLine || !account() || !("indexedDB" in window)) return Promise.resolve();
    const run = () =>
      sendKept()
        .catch(() => 0)
        .then((sent) => kept().then((entries) => say(describe(entries, sent))));
    // One tab at a time (Web Locks), so two open tabs never send the same check-in together.
    return navigator.locks ? navigator.locks.request(LOCK, run) : run();
  }

  window.addEventListener("online", flush);
  flush();
})();
