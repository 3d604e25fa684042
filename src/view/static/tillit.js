/* Tillit: small progressive enhancement. Every page works without it.
 * - moves focus to an error summary so screen readers announce it;
 * - suggests records while typing in reference fields (from the API). */
(function () {
	'use strict';

	var summary = document.querySelector('[data-focus]');
	if (summary) summary.focus();

	function suggest(input) {
		var list = document.getElementById(input.getAttribute('list'));
		var entity = input.getAttribute('data-suggest');
		var timer = null, last = '';
		if (!list || !entity) return;
		input.addEventListener('input', function () {
			var line = input.value.split('\n').pop().trim();
			if (line === last || line.charAt(0) === '#' || line.length < 2) return;
			last = line;
			clearTimeout(timer);
			timer = setTimeout(function () {
				fetch('/api/v1/' + encodeURIComponent(entity) + '?limit=10&q=' + encodeURIComponent(line),
				      { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
					.then(function (r) { return r.ok ? r.json() : { items: [] }; })
					.then(function (data) {
						while (list.firstChild) list.removeChild(list.firstChild);
						(data.items || []).forEach(function (it) {
							var o = document.createElement('option');
							o.value = '#' + it.id + ' ' + (it.name || it.username || '');
							list.appendChild(o);
						});
					})
					.catch(function () {});
			}, 200);
		});
	}
	Array.prototype.forEach.call(document.querySelectorAll('input[data-suggest]'), suggest);
})();
