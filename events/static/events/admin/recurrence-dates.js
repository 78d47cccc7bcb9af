/* django-recurrence's date fields ("Wiederholen bis", "Datum hinzufügen") and
   their calendar, for German editors. Loaded after recurrence-widget.js and
   before the widgets are built (events.widgets.RecurrenceWidget).

   Upstream, DateSelector.set_date splits what was typed at "-" and reads
   year-month-day only: "11.03.2027" is no date to it, so it empties the field
   and, for "Wiederholen bis", drops the rule's end; the rule then runs
   forever. Here German (11.03.2027, 11.3.2027, 11.3.27) and ISO
   (2027-03-11) dates are read, the field shows them the German way, and
   anything else stays as typed with a German message. Until it is corrected,
   it is sent with the form (as "<field name>_unreadable"), and the server
   refuses to save (events.admin_forms.EventPageForm).

   Upstream's calendar also opens away from its button in Wagtail's editor,
   and starts its weeks on Sunday; German and Russian weeks, and Wagtail's
   own date picker, start on Monday. */
(function () {
  'use strict';

  var UNREADABLE = 'Bitte geben Sie ein gültiges Datum ein, z. B. 11.03.2027 (Tag.Monat.Jahr).';
  var selector = recurrence.widget.DateSelector.prototype;

  /* The date in `text`, or null. Two-digit years as Python's %y reads them
     (the server's formats): 00–68 are 2000–2068. */
  function parseDate(text) {
    var year, month, day;
    var german = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\s*$/.exec(text);
    var iso = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
    if (german) {
      day = +german[1];
      month = +german[2];
      year = +german[3];
      if (german[3].length === 2) year += year < 69 ? 2000 : 1900;
    } else if (iso) {
      year = +iso[1];
      month = +iso[2];
      day = +iso[3];
    } else {
      return null;
    }
    var date = new Date(year, month - 1, day);
    date.setFullYear(year); // new Date() takes 0–99 as 1900–1999
    // Date rolls 32.13.2027 over into 2028: refuse whatever it changed.
    if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
      return null;
    }
    return date;
  }

  function germanDate(date) {
    return recurrence.date.format(date, '%d.%m.%Y');
  }

  var initDom = selector.init_dom;
  selector.init_dom = function () {
    initDom.call(this);
    var field = this.elements.date_field;
    if (this.date) field.value = germanDate(this.date);
    field.placeholder = 'TT.MM.JJJJ';
    var message = recurrence.widget.e('span', {'class': 'date-error', 'role': 'alert'});
    this.elements.root.appendChild(message);
    this.elements.message = message;
  };

  selector.show_unreadable = function (unreadable) {
    var field = this.elements.date_field;
    this.elements.message.textContent = unreadable ? UNREADABLE : '';
    if (unreadable) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
  };

  /* Send the unreadable dates still in use (not in a removed panel, not
     switched off) with the page's form, and its autosave. The fields cannot
     simply be given a name: upstream builds each rule as a <form> of its own
     inside the page's form, so they would never be sent. */
  document.addEventListener('formdata', function (event) {
    var fields = event.target.querySelectorAll(
      'div.recurrence-widget input.date-field[aria-invalid="true"]:not(:disabled)');
    Array.prototype.forEach.call(fields, function (field) {
      var textarea = field.closest('div.recurrence-widget').nextElementSibling;
      if (textarea && textarea.name) event.formData.append(textarea.name + '_unreadable', field.value);
    });
  });

  selector.set_date = function (text) {
    var field = this.elements.date_field;
    if (!text.trim()) {
      this.show_unreadable(false);
      if (this.options.allow_null) {
        // An emptied "Wiederholen bis": no end (upstream kept the old one).
        if (this.date) {
          this.date = null;
          if (this.onchange) this.onchange(null);
        }
      } else if (this.date) {
        field.value = germanDate(this.date); // a date of its own needs one
      }
      return;
    }
    var date = parseDate(text);
    if (!date) {
      this.show_unreadable(true); // and keep the rule as it was
      return;
    }
    this.show_unreadable(false);
    field.value = germanDate(date);
    if (!this.date || this.date.getTime() !== date.getTime()) {
      // In place, as upstream: a date panel's rule holds this very object.
      if (this.date) this.date.setTime(date.getTime());
      else this.date = date;
      if (this.onchange) this.onchange(this.date);
    }
  };

  /* Upstream puts its calendar on <body>, at the button's offset from the
     top of the page. Wagtail's editor scrolls inside <main>, not the page,
     so the calendar landed as far below its button as the editor was
     scrolled, often off-screen. Put it right after its button instead, where
     it scrolls with it: below the button, or above it if the window has no
     room below, and inside the field's width. */
  selector.set_calendar_position = function () {
    var button = this.elements.calendar_button;
    var calendar = this.calendar.elements.root;
    button.parentNode.insertBefore(calendar, button.nextSibling);
    var room = calendar.offsetParent ? calendar.offsetParent.clientWidth : Infinity;
    var left = Math.max(0, Math.min(button.offsetLeft, room - calendar.offsetWidth));
    var top = button.offsetTop + button.offsetHeight;
    var onScreen = button.getBoundingClientRect();
    if (onScreen.bottom + calendar.offsetHeight > window.innerHeight &&
        onScreen.top > calendar.offsetHeight) {
      top = button.offsetTop - calendar.offsetHeight;
    }
    this.calendar.set_position(left, top);
  };

  /* Upstream's get_month_grid, with Monday as the first column. */
  recurrence.widget.Calendar.prototype.get_month_grid = function (year, month) {
    var calendar = this;
    var first = new Date(year, month, 1);
    var start = recurrence.date.weekday(first); // 0 = Monday
    var days = recurrence.date.days_in_month(first);
    var grid = new recurrence.widget.Grid(7, Math.ceil((days + start) / 7) + 1);
    var number = 1;
    recurrence.array.foreach(grid.cells, function (cell, i) {
      if (i < 7) {
        cell.innerHTML = recurrence.display.weekdays_oneletter[i];
        cell.title = recurrence.display.weekdays[i];
        recurrence.widget.add_class(cell, 'header');
      } else if (i - 7 < start || number > days) {
        recurrence.widget.add_class(cell, 'empty');
      } else {
        recurrence.widget.add_class(cell, 'day');
        if (calendar.date.getDate() === number &&
            calendar.date.getFullYear() === year &&
            calendar.date.getMonth() === month) {
          recurrence.widget.add_class(cell, 'active');
        }
        cell.innerHTML = number;
        number += 1;
        cell.onclick = function () {
          calendar.set_date(calendar.year, calendar.month, parseInt(this.innerHTML, 10));
        };
      }
    });
    return grid;
  };
})();
