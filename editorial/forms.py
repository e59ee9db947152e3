"""Shared form pieces: the base every form extends, validators and id coercion."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, TypeVar

from babel import support
from flask import current_app, request
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, PasswordField, StringField, ValidationError
from wtforms.csrf.core import CSRFTokenField
from wtforms.i18n import messages_path
from wtforms.widgets import TextInput

from editorial import clock, newsroom
from editorial.passwords import password_problem
from editorial.text import clean_text

D = TypeVar("D", int, None)  # address_int's default: a number, or None for "not given"


def _clean_filter(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


class _KeptTranslations:
    """WTForms' own messages in the request's locale, as Flask-WTF gives them, each locale's
    catalogue read once per process.

    Flask-WTF (`flask_wtf.i18n`) reads and parses WTForms' `.mo` file again in every request
    that builds a form (about 0.2 ms of a comment's post); the files are the installed package's
    and never change while it runs.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[str, support.NullTranslations] = {}

    def _catalogue(self) -> support.NullTranslations | None:
        if not request or "babel" not in current_app.extensions:
            return None  # as Flask-WTF: the message as written
        locale = get_locale()
        name = str(locale)
        with self._lock:
            found = self._kept.get(name)
        if found is None:
            found = support.Translations.load(messages_path(), [locale], domain="wtforms")
            with self._lock:
                self._kept[name] = found
        return found

    def gettext(self, string: str) -> str:
        """`string` in the request's locale."""
        catalogue = self._catalogue()
        return string if catalogue is None else catalogue.ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """`singular` or `plural` for `n`, in the request's locale."""
        catalogue = self._catalogue()
        if catalogue is None:
            return singular if n == 1 else plural
        return catalogue.ungettext(singular, plural, n)


_TRANSLATIONS = _KeptTranslations()


class _DrawnCSRFTokenField(CSRFTokenField):
    """WTForms' CSRF field, whose token is made when the field is drawn, not when it is bound.

    Binding a form signed a token (Flask-WTF's `generate_csrf`: itsdangerous, HMAC, a zlib
    attempt) even for an answer that never draws it: an autosave's. The token is the request's
    one either way (kept in `g` by Flask-WTF), and the posted token is still checked before the
    view runs (`CSRFProtect`, `kept_csrf`) or by the form's own check.
    """

    _token: str | None = None

    def process(self, *args: Any, **kwargs: Any) -> None:
        """The posted value, as `HiddenField` reads it; no token made yet."""
        HiddenField.process(self, *args, **kwargs)

    @property
    def current_token(self) -> str | None:
        """This request's token, made on first use (or what a caller put in its place)."""
        if self._token is None:
            self._token = self.csrf_impl.generate_csrf_token(self)
        return self._token

    @current_token.setter
    def current_token(self, value: str | None) -> None:
        self._token = value


class _DrawnCSRF(FlaskForm.Meta.csrf_class):
    """Flask-WTF's CSRF for forms, with the field above."""

    field_class = _DrawnCSRFTokenField


class Form(FlaskForm):
    """The base of every form here: each text field's input goes through `text.clean_text`,
    and no field carries a `maxlength` that would silently drop what was typed past it.

    Characters XML 1.0 forbids are gone before validation, so lengths count what is kept and no
    headline, summary, name or breaking text can break a feed. Passwords are kept exactly as typed.
    """

    class Meta:
        """WTForms' hooks: every field a form binds, the translations of its messages."""

        csrf_class = _DrawnCSRF  # the token made when drawn (`_DrawnCSRFTokenField`)

        def get_translations(self, form: Any) -> Any:
            """Flask-WTF's translations (unless `WTF_I18N_ENABLED` is off), each locale's
            catalogue kept per process (`_KeptTranslations`)."""
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)  # type: ignore[misc]
            return _TRANSLATIONS

        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            """Add the cleaning filter to every text field (StringField and its kinds)."""
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                filters = tuple(unbound_field.kwargs.get("filters", ()))
                options["filters"] = (_clean_filter, *filters)
            field = unbound_field.bind(form=form, **options)
            # No `maxlength` attribute: the browser would cut a pasted text short without a
            # word. The length is checked on the server, with a message and the text kept.
            field.flags.__dict__.pop("maxlength", None)
            return field


class NewPassword:
    """WTForms validator: the password policy, with the reason in words."""

    def __init__(self, email_field: str | None = None, name_field: str | None = None) -> None:
        self.email_field = email_field
        self.name_field = name_field

    def __call__(self, form: Any, field: Any) -> None:
        email = form[self.email_field].data if self.email_field else ""
        name = form[self.name_field].data if self.name_field else ""
        problem = password_problem(field.data or "", email=email or "", name=name or "")
        if problem:
            raise ValidationError(problem)


class LocalTimeField(Field):
    """A date and time typed in the newsroom's zone, read by `clock.parse_local`; `data` is UTC.

    Every date field of every form is one of these (the transition form's time goes through the
    same parser), so they agree on offsets, years and clock changes, and none answers 500.
    `unreadable` replaces the parser's message for text that is no time at all.
    """

    # A text box in the newsroom's own 24-hour format, not the browser's datetime-local, which
    # shows the reader's locale (a 12-hour clock in en-US) and disagrees with every time the
    # desk displays. The label names the zone.
    widget = TextInput()
    data: datetime | None

    def __init__(self, label: str | None = None, *, unreadable: str = "", **kwargs: Any) -> None:
        render_kw = {
            "placeholder": "YYYY-MM-DD HH:MM",
            "autocomplete": "off",
            "spellcheck": "false",
        }
        kwargs["render_kw"] = render_kw | kwargs.get("render_kw", {})
        super().__init__(label, **kwargs)
        self.unreadable = unreadable

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse what was posted; a problem becomes this field's error, in words."""
        raw = str(valuelist[0]).strip() if valuelist else ""
        self.data = None
        if not raw:
            return
        try:
            self.data = clock.parse_local(raw, newsroom.zone())
        except clock.TimeProblem as problem:
            message = self.unreadable if problem.kind == "unreadable" and self.unreadable else ""
            raise ValueError(message or str(problem)) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        if self.data is None:
            return ""
        return clock.to_local(self.data, newsroom.zone()).strftime(clock.INPUT_FORMAT)


MAX_DATABASE_INT = 2_147_483_647  # ids and versions are 32-bit integer columns


def database_int(value: Any) -> int:
    """`value` as an int that fits an id or version column (0 to 2^31-1); ValueError otherwise.

    A hand-made "999999999999999999999" must be refused like "abc", not reach the database and
    overflow it (found by tests/test_fuzz.py); so must digits of other scripts.
    """
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):  # int() would also read "１" or "٣" (and "+3")
        raise ValueError(f"{text!r} is not a whole number in ASCII digits")
    number = int(text)
    if not 0 <= number <= MAX_DATABASE_INT:
        raise ValueError(f"{number} is out of range")
    return number


def optional_database_int(value: Any) -> int | None:
    """Like `database_int`, with None for an empty value."""
    if value in (None, "", "None"):
        return None
    return database_int(value)


def address_int(value: str | None, default: D) -> int | D:
    """A number read from an address (`?page=`, `?before=`) through `database_int`, or `default`
    when it is missing or is no such number ("-1", "1e5", "٣", past 2^31-1).

    The one reader of every number in a query string, so none can overflow a column or an
    OFFSET (a 500) and all pages agree on what a number is.
    """
    try:
        return database_int(value) if value not in (None, "") else default
    except ValueError:
        return default


def page_number(value: str | None, maximum: int) -> int | None:
    """`?page=N` of a paged list: 1 when missing or unreadable (`address_int`), None when it is a
    whole number past `maximum` (the caller answers 404: no such page, rather than the first)."""
    text = (value or "").strip()
    if text.isascii() and text.isdigit() and (len(text) > len(str(maximum)) or int(text) > maximum):
        return None
    return max(address_int(value, 1), 1)
