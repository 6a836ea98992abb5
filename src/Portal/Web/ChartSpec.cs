using System.Text.Json;

namespace Portal.Web;

/// A chart as wwwroot/js/charts.js draws it with Chart.js (vendored under wwwroot/lib/chartjs), on top of the SVG
/// the server draws for readers without JavaScript; the numbers are in a table beside every chart either way.
/// Kind: "columns" (a value per label, upright), "bars" (lying, for long labels), "stacked" (columns of several
/// Stacks on top of each other, with a legend) or "curve" (Points as x, y with horizontal Cuts). Displays are the values as the reader sees them (formatted in the page's language); Max is
/// the value axis' end (1 for shares shown as per cent).
public sealed record ChartSpec(string Kind, string Title, IReadOnlyList<string> Labels, IReadOnlyList<decimal> Values, IReadOnlyList<string> Displays, decimal? Max = null, bool Percent = false)
{
    public IReadOnlyList<decimal[]> Points { get; init; } = [];

    public IReadOnlyList<Cut> Cuts { get; init; } = [];

    public IReadOnlyList<Stack> Stacks { get; init; } = [];

    public sealed record Cut(string Label, decimal At);

    /// One part of every column of a "stacked" chart, e.g. the phone orders of each month.
    public sealed record Stack(string Label, IReadOnlyList<decimal> Values);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// For the figure's data-chart attribute (Razor encodes it for the attribute).
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
