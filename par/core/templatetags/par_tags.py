"""Small template helpers."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}`: a dict lookup with a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.simple_tag
def sort_header(work_list, key, label):
    """A column heading that sorts the work list by `key`, and reverses it when clicked again."""
    query, arrow = work_list.sort_link(key)
    current = work_list.sort.lstrip("-") == key
    aria = ' aria-sort="{}"'.format("descending" if work_list.sort.startswith("-") else "ascending")
    return format_html(
        '<a class="link-dark text-decoration-none" href="?{}"{}>{} <span aria-hidden="true">{}</span></a>',
        query,
        mark_safe(aria) if current else "",
        label,
        arrow,
    )
