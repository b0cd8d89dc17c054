"""Build the POST data an admin change form would send, from the page the client got."""

import datetime as dt


def _value(bound):
    value = bound.value()
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def change_form_data(response, **changes):
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = _value(form[name])
        if value is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[f"{formset.prefix}-{name}"] = formset.management_form[name].value()
        for subform in formset.forms:
            for name in subform.fields:
                value = _value(subform[name])
                if value is not None:
                    data[subform.add_prefix(name)] = value
    data.update(changes)
    return data
