from wagtail.models import DraftStateMixin


def localize(objects, locale):
    """``objects`` in ``locale``, in order, with one query per model.

    Like Wagtail's ``.localized`` (a live translation, else the object
    itself), but for a whole list: links to agencies, focus areas and
    contact people point at the German objects, and a Russian page shows
    their translations without a query per link.
    """
    objects = list(objects)
    by_model = {}
    for obj in objects:
        if obj.locale_id != locale.pk:
            by_model.setdefault(type(obj), set()).add(obj.translation_key)
    translations = {}
    for model, keys in by_model.items():
        queryset = model.objects.filter(translation_key__in=keys, locale=locale)
        if issubclass(model, DraftStateMixin):
            queryset = queryset.filter(live=True)
        translations.update({(model, t.translation_key): t for t in queryset})
    return [translations.get((type(obj), obj.translation_key), obj) for obj in objects]
