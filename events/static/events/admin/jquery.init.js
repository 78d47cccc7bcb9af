/* Django admin's jquery.init.js, except that it keeps the window.django
   object: Wagtail's JavaScript translations (django.gettext) live there, and
   the admin's version replaces it, leaving the page editor in English. */
'use strict';
window.django = window.django || {};
window.django.jQuery = jQuery.noConflict(true);
