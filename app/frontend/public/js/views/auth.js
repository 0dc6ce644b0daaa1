import { ApiError } from '../api.js';
import { h, replaceChildren, uniqueId } from '../dom.js';
import { errorMessage, formField, notice } from '../ui.js';

/**
 * Sign in and create-account forms. The API's rules are the source of truth: the form does not
 * second-guess them (novalidate), it shows each `details` entry under the field it names, and a
 * form-level message for the rest (wrong password, too many attempts).
 */

/** @param {import('../shop.js').Shop} shop */
export function loginView(shop) {
  return authView(shop, {
    title: 'Sign in',
    submitLabel: 'Sign in',
    passwordAutocomplete: 'current-password',
    send: (username, password) => shop.api.login(username, password),
    switchText: 'New to DhakaCart?',
    switchLabel: 'Create an account',
    switchPath: '/register',
    hints: {},
  });
}

/** @param {import('../shop.js').Shop} shop */
export function registerView(shop) {
  return authView(shop, {
    title: 'Create an account',
    submitLabel: 'Create account',
    passwordAutocomplete: 'new-password',
    send: (username, password) => shop.api.register(username, password),
    switchText: 'Already have an account?',
    switchLabel: 'Sign in',
    switchPath: '/login',
    // The API's rules (app/backend/src/auth/credential-rules.ts), said up front; the API still decides.
    hints: {
      username: '3 to 32 letters, digits, _ . or -, starting with a letter or digit.',
      password: 'At least 8 characters. A few random words make a strong password.',
    },
  });
}

/**
 * @param {import('../shop.js').Shop} shop
 * @param {{ title: string, submitLabel: string, passwordAutocomplete: string,
 *   send: (username: string, password: string) => Promise<any>,
 *   switchText: string, switchLabel: string, switchPath: string,
 *   hints: { username?: string, password?: string } }} options
 */
function authView(shop, options) {
  /** @param {import('../router.js').RouteContext} ctx */
  return async ({ query }) => {
    const next = safeNext(query.get('next'));
    const username = formField({
      id: uniqueId('username'),
      name: 'username',
      label: 'Username',
      autocomplete: 'username',
      hint: options.hints.username,
    });
    const password = formField({
      id: uniqueId('password'),
      name: 'password',
      label: 'Password',
      type: 'password',
      autocomplete: options.passwordAutocomplete,
      hint: options.hints.password,
    });
    const fields = { username, password };
    const formError = h('div', { class: 'form__error' });
    const submit = /** @type {HTMLButtonElement} */ (
      h('button', { type: 'submit', class: 'btn' }, options.submitLabel)
    );

    /** @param {SubmitEvent} event */
    async function onSubmit(event) {
      event.preventDefault();
      Object.values(fields).forEach((field) => field.setError(undefined));
      replaceChildren(formError);
      submit.disabled = true;
      try {
        const result = await options.send(username.input.value.trim(), password.input.value);
        shop.session.signIn(result);
        shop.announce(`Signed in as ${result.user.username}`);
        shop.navigate(next, { replace: true });
      } catch (error) {
        showErrors(error);
      } finally {
        submit.disabled = false;
      }
    }

    /** @param {unknown} error */
    function showErrors(error) {
      const unplaced = [];
      if (error instanceof ApiError && error.code === 'username_taken') {
        username.setError(error.message);
      } else if (error instanceof ApiError && error.details.length > 0) {
        for (const detail of error.details) {
          const field = fields[/** @type {keyof typeof fields} */ (detail.field)];
          if (field) field.setError(detail.message);
          else unplaced.push(detail.message);
        }
      } else {
        unplaced.push(errorMessage(error));
      }
      if (unplaced.length) replaceChildren(formError, notice('error', unplaced.join(' ')));
      const firstInvalid = Object.values(fields).find((f) => f.input.getAttribute('aria-invalid') === 'true');
      (firstInvalid?.input ?? username.input).focus();
    }

    const switchHref =
      next === '/' ? options.switchPath : `${options.switchPath}?next=${encodeURIComponent(next)}`;
    return {
      title: options.title,
      node: h(
        'section',
        { class: 'panel panel--narrow' },
        h('h1', null, options.title),
        query.get('next') ? notice('info', 'Please sign in to continue.') : null,
        h(
          'form',
          { class: 'form', novalidate: true, onsubmit: onSubmit },
          formError,
          username.node,
          password.node,
          submit,
        ),
        h('p', null, `${options.switchText} `, h('a', { href: switchHref }, options.switchLabel)),
      ),
    };
  };
}

/** Only same-site paths are followed after sign-in, so `?next=https://evil.example` goes nowhere. */
function safeNext(value) {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
