/* Tavana — page behaviour shared by every screen.
 *
 * Load after vendor/htmx/htmx.min.js and vendor/jalalidatepicker/jalalidatepicker.min.js.
 * - Jalali date picker on every <input data-jdp> (also inside content swapped in by htmx),
 *   showing Persian digits in the calendar and in the field.
 * - CSRF: sends X-CSRFToken, read from <meta name="csrf-token" content="...">, on htmx requests.
 */
(function () {
  "use strict";

  const DATE_INPUTS = "input[data-jdp]";
  const PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  const ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";

  function toPersianDigits(text) {
    return String(text).replace(/[0-9]/g, (d) => PERSIAN_DIGITS[d]);
  }

  function toAsciiDigits(text) {
    return String(text)
      .replace(/[۰-۹]/g, (d) => String(PERSIAN_DIGITS.indexOf(d)))
      .replace(/[٠-٩]/g, (d) => String(ARABIC_DIGITS.indexOf(d)));
  }

  function isDateInput(node) {
    return node instanceof Element && node.matches(DATE_INPUTS);
  }

  /* ---- Jalali date picker (@majidh1/jalalidatepicker) -------------------------
   * The library watches focus on `input[data-jdp]` through one delegated listener,
   * so a single startWatch() also covers inputs that htmx swaps in later; calling
   * it twice would register its listeners twice. Its `persianDigits` option only
   * affects the calendar: it parses and writes ASCII digits in the field. So the
   * field holds Persian digits for the person, and is switched to ASCII for the
   * instant the picker reads it (capture phase, before the library's listener on
   * <body>) and back right after (bubble phase on document, after <body>). */
  let pickerStarted = false;

  function startDatePicker() {
    if (pickerStarted || !window.jalaliDatepicker || !document.body) return;
    pickerStarted = true;
    window.jalaliDatepicker.startWatch({
      persianDigits: true,
      separatorChars: { date: "/", between: " ", time: ":" },
      changeMonthRotateYear: true, // Esfand → Farvardin of the next year
      zIndex: 1070, // above Bootstrap modals (1055), below tooltips (1080)
    });
  }

  function prepareDateInputs(root) {
    if (!(root instanceof Element)) return;
    const inputs = Array.from(root.querySelectorAll(DATE_INPUTS));
    if (isDateInput(root)) inputs.push(root);
    for (const input of inputs) {
      input.setAttribute("autocomplete", "off"); // the browser's list would cover the calendar
      input.value = toPersianDigits(input.value);
    }
  }

  document.addEventListener(
    "focusin",
    (event) => {
      if (isDateInput(event.target)) event.target.value = toAsciiDigits(event.target.value);
    },
    true,
  );
  document.addEventListener("focusin", (event) => {
    if (isDateInput(event.target)) event.target.value = toPersianDigits(event.target.value);
  });
  // Fired by the picker on a choice, just before it fires `change` and `input`.
  document.addEventListener("jdp:change", (event) => {
    if (isDateInput(event.target)) event.target.value = toPersianDigits(event.target.value);
  });

  // The picker draws its year and month boxes without a name: name them (a
  // screen reader says «سال» and «ماه»), each time it draws them again.
  let pickerWatched = false;

  function namePickerBoxes() {
    const box = document.querySelector("jdp-container");
    if (!box) return;
    for (const [part, name] of [["jdp-year", "سال"], ["jdp-month", "ماه"]]) {
      box.querySelectorAll(`.${part} select, .${part} input`).forEach((el) => {
        if (el.getAttribute("aria-label") !== name) el.setAttribute("aria-label", name);
      });
    }
    if (!pickerWatched) {
      pickerWatched = true;
      new MutationObserver(namePickerBoxes).observe(box, { childList: true, subtree: true });
    }
  }

  document.addEventListener("focusin", (event) => {
    if (isDateInput(event.target)) window.requestAnimationFrame(namePickerBoxes);
  });

  /* ---- forms: the server says what is wrong ----------------------------------
   * The browser's own check of `required` fields would stop the form with a
   * bubble in the browser's language (English on most office PCs), one field at a
   * time. The server answers every fault at once, in Persian, beside its field,
   * keeping what was typed: every form is sent to it (novalidate). The `required`
   * attribute stays, so a screen reader still says which fields are needed. */
  function serverValidates(root) {
    if (!(root instanceof Element)) return;
    const forms = Array.from(root.querySelectorAll("form"));
    if (root.matches("form")) forms.push(root);
    for (const form of forms) form.noValidate = true;
  }

  /* ---- file fields in Persian ----------------------------------------------
   * The browser draws a file field with words in its own language («Choose
   * File», «No file chosen» on most office PCs). The real field stays where it
   * is, with its label, focus and errors, but transparent over a face that says
   * «انتخاب فایل» and the name of the file chosen. */
  const NO_FILE = "فایلی انتخاب نشده";

  function persianFileInputs(root) {
    if (!(root instanceof Element)) return;
    const inputs = Array.from(root.querySelectorAll("input[type=file]"));
    if (root.matches("input[type=file]")) inputs.push(root);
    for (const input of inputs) {
      if (input.parentElement && input.parentElement.classList.contains("tv-file")) continue;
      const box = document.createElement("div");
      box.className = "tv-file";
      const face = document.createElement("div");
      face.className = "tv-file-face input-group";
      face.setAttribute("aria-hidden", "true");
      const button = document.createElement("span");
      button.className = "btn btn-outline-secondary";
      button.textContent = "انتخاب فایل";
      const chosen = document.createElement("span");
      chosen.className = "form-control text-truncate";
      if (input.classList.contains("is-invalid")) chosen.classList.add("is-invalid");
      face.append(button, chosen);
      input.parentNode.insertBefore(box, input);
      box.append(input, face);
      const show = () => {
        const names = Array.from(input.files || []).map((f) => f.name);
        chosen.textContent = names.length ? names.join("، ") : NO_FILE;
      };
      input.addEventListener("change", show);
      show();
    }
  }

  /* ---- htmx: CSRF token on every request ------------------------------------ */
  document.addEventListener("htmx:configRequest", (event) => {
    const meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) event.detail.headers["X-CSRFToken"] = meta.content;
  });

  /* ---- htmx: an answer that is not swapped in is never silent ----------------
   * base.html's htmx-config swaps a form refused with its reasons (400, 409, 422)
   * like any answer, so each reason shows beside its field. Any other error (a
   * refusal, a missing page, a server error) or no answer at all is told in
   * Persian right after the element that asked, in one box replaced on retry. */
  const HTTP_ERRORS = {
    401: "نشست شما پایان یافته است؛ دوباره وارد شوید.",
    403: "اجازهٔ این کار را ندارید.",
    404: "پیدا نشد؛ صفحه را تازه کنید.",
    413: "آنچه فرستادید بیش از اندازهٔ مجاز است.",
    429: "درخواست‌ها بیش از اندازه بود؛ کمی بعد دوباره بکوشید.",
  };
  const SERVER_ERROR = "در سامانه خطایی رخ داد و کار انجام نشد؛ دوباره بکوشید.";
  const NO_ANSWER = "پاسخی از سامانه نرسید؛ اتصال را بررسی کنید و دوباره بکوشید.";

  function htmxErrorBox(elt) {
    const anchor = (elt instanceof Element && (elt.closest("form") || elt)) || document.body;
    let box = anchor.nextElementSibling;
    if (!(box && box.classList.contains("tv-htmx-error"))) {
      box = document.createElement("div");
      box.className = "tv-htmx-error alert alert-danger small py-1 px-2 mt-1";
      box.setAttribute("role", "alert");
      anchor.insertAdjacentElement("afterend", box);
    }
    return box;
  }

  function htmxErrorClear(elt) {
    const anchor = elt instanceof Element && (elt.closest("form") || elt);
    const box = anchor && anchor.nextElementSibling;
    if (box && box.classList.contains("tv-htmx-error")) box.remove();
  }

  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    htmxErrorBox(event.detail.elt).textContent =
      HTTP_ERRORS[status] || (status >= 500 ? SERVER_ERROR : NO_ANSWER);
  });
  document.addEventListener("htmx:sendError", (event) => {
    htmxErrorBox(event.detail.elt).textContent = NO_ANSWER;
  });
  document.addEventListener("htmx:beforeRequest", (event) => htmxErrorClear(event.detail.elt));

  /* ---- behaviours that templates ask for with data attributes ---------------
   * The Content-Security-Policy allows no inline script, so pages say what they
   * want and this file does it:
   * - <button data-print>: print the page;
   * - <div data-reload-when-done>: reload the page once the job progress inside
   *   it has stopped polling (the job finished), to show its result. */
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("htmx:afterSwap", () => {
    document.querySelectorAll("[data-reload-when-done]").forEach((box) => {
      const progress = box.querySelector(".job-progress");
      if (progress && !progress.hasAttribute("hx-get")) window.location.reload();
    });
  });

  /* ---- tables scroll inside their own box --------------------------------------
   * A table wider than the screen (a phone, a small laptop) scrolls sideways in
   * its own box instead of widening the page: every table not already in a
   * .table-responsive box gets one, also in content htmx swaps in. */
  function boxTables(root) {
    if (!(root instanceof Element)) return;
    const tables = Array.from(root.querySelectorAll("table"));
    if (root.matches("table")) tables.push(root);
    for (const table of tables) {
      const parent = table.parentElement;
      if (!parent || parent.classList.contains("table-responsive")) continue;
      const box = document.createElement("div");
      box.className = "table-responsive";
      parent.insertBefore(box, table);
      box.appendChild(table);
    }
    for (const box of Array.from(root.querySelectorAll(".table-responsive"))) {
      if (box.dataset.tvCue) continue;
      box.dataset.tvCue = "1";
      box.addEventListener("scroll", () => scrollCue(box), { passive: true });
      scrollCue(box);
    }
  }

  /* A table that still scrolls says so: the side where columns lie beyond the
   * box fades out (tv-more-left / tv-more-right), so a cut column reads as
   * "more this way", never as the end of the table. */
  function scrollCue(box) {
    const inner = box.getBoundingClientRect();
    let left = false;
    let right = false;
    for (const child of box.children) {
      const r = child.getBoundingClientRect();
      left = left || r.left < inner.left - 1;
      right = right || r.right > inner.right + 1;
    }
    box.classList.toggle("tv-more-left", left);
    box.classList.toggle("tv-more-right", right);
  }

  window.addEventListener("resize", () => {
    document.querySelectorAll(".table-responsive[data-tv-cue]").forEach(scrollCue);
  });

  /* ---- start-up and content swapped in by htmx ------------------------------ */
  function onLoad(root) {
    startDatePicker();
    prepareDateInputs(root);
    serverValidates(root);
    persianFileInputs(root);
    boxTables(root);
  }

  document.addEventListener("htmx:load", (event) => onLoad(event.target));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => onLoad(document.body));
  } else {
    onLoad(document.body);
  }

  window.tavana = Object.freeze({ toPersianDigits, toAsciiDigits });
})();
