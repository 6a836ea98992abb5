// Draws every <figure data-chart="{...}"> with Chart.js over the SVG the server drew (which stays for readers
// without JavaScript, and the table beside it holds the numbers). Runs after the page loads and after htmx swaps.
// No inline script or style: the Content-Security-Policy allows neither; sizes are set through the DOM.
(function () {
    'use strict';
    var brand = '#0f5d6b', accent = '#e07a1f', grid = '#e3e8ee', text = '#5b6675';
    // The stacks of a "stacked" chart in order; the same colours as the server's SVG (site.css .chart-stack-N).
    var stackColours = ['#0f5d6b', '#3f8f9c', '#8cc3cc', '#b7a36a', '#6b7a8c', '#e07a1f'];

    function percent(value) { return Math.round(value * 100) + ' %'; }

    function config(spec) {
        var ticks = { color: text, stepSize: spec.percent ? 0.25 : undefined, callback: spec.percent ? function (v) { return percent(v); } : undefined };
        var tooltip = { callbacks: { label: function (ctx) { return spec.displays[ctx.dataIndex] || String(ctx.parsed.y); } } };
        if (spec.kind === 'curve') {
            var datasets = [{ data: spec.points.map(function (p) { return { x: p[0], y: p[1] }; }), borderColor: brand, pointRadius: 0, borderWidth: 2 }];
            spec.cuts.forEach(function (cut) {
                datasets.push({ label: cut.label, data: [{ x: 0, y: cut.at }, { x: 1, y: cut.at }], borderColor: accent, borderDash: [6, 4], borderWidth: 1, pointRadius: 0 });
            });
            return {
                type: 'line',
                data: { datasets: datasets },
                options: {
                    animation: false, responsive: true, maintainAspectRatio: false, parsing: true,
                    scales: {
                        x: { type: 'linear', min: 0, max: 1, grid: { color: grid }, ticks: { color: text, stepSize: 0.25, callback: function (v) { return percent(v); } } },
                        y: { min: 0, max: 1, grid: { color: grid }, ticks: { color: text, stepSize: 0.25, callback: function (v) { return percent(v); } } }
                    },
                    plugins: {
                        legend: { display: false },
                        tooltip: { callbacks: { label: function (ctx) { return (ctx.dataset.label ? ctx.dataset.label + ': ' : '') + percent(ctx.parsed.x) + ' → ' + percent(ctx.parsed.y); } } }
                    }
                }
            };
        }

        if (spec.kind === 'stacked') {
            return {
                type: 'bar',
                data: {
                    labels: spec.labels,
                    datasets: spec.stacks.map(function (stack, i) {
                        return { label: stack.label, data: stack.values, backgroundColor: stackColours[i % stackColours.length], maxBarThickness: 48 };
                    })
                },
                options: {
                    animation: false, responsive: true, maintainAspectRatio: false,
                    scales: {
                        x: { stacked: true, grid: { display: false }, ticks: { color: text } },
                        y: { stacked: true, min: 0, grid: { color: grid }, ticks: { color: text, precision: 0 } }
                    },
                    plugins: { legend: { display: true, position: 'bottom', labels: { color: text, boxWidth: 12 } } }
                }
            };
        }

        var lying = spec.kind === 'bars';
        var valueAxis = { min: 0, max: spec.max == null ? undefined : spec.max, grid: { color: grid }, ticks: ticks };
        var labelAxis = { grid: { display: false }, ticks: { color: text, autoSkip: !lying } };
        return {
            type: 'bar',
            data: { labels: spec.labels, datasets: [{ data: spec.values, backgroundColor: brand, borderRadius: 3, maxBarThickness: 48 }] },
            options: {
                animation: false, responsive: true, maintainAspectRatio: false, indexAxis: lying ? 'y' : 'x',
                scales: lying ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
                plugins: { legend: { display: false }, tooltip: tooltip }
            }
        };
    }

    function draw(root) {
        if (!window.Chart || !root.querySelectorAll) {
            return;
        }

        root.querySelectorAll('figure[data-chart]:not([data-drawn])').forEach(function (figure) {
            var spec = JSON.parse(figure.getAttribute('data-chart'));
            var box = document.createElement('div');
            box.className = 'chart-canvas';
            box.style.height = (spec.kind === 'bars' ? Math.max(1, spec.labels.length) * 30 + 40 : spec.kind === 'curve' ? 280 : spec.kind === 'stacked' ? 280 : 220) + 'px';
            var canvas = document.createElement('canvas');
            canvas.setAttribute('role', 'img');
            canvas.setAttribute('aria-label', spec.title);
            box.appendChild(canvas);
            figure.insertBefore(box, figure.firstChild);
            new window.Chart(canvas, config(spec));
            figure.setAttribute('data-drawn', '');
        });
    }

    document.addEventListener('DOMContentLoaded', function () { draw(document); });
    document.addEventListener('htmx:afterSwap', function (event) { draw(event.target); });
})();
