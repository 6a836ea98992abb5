namespace Portal.Areas.Pm.Pages.Analysis;

/// What _BarChart draws. Display is the bar's value as the reader sees it (formatted money or a count).
public sealed record BarChart(string Id, string Title, string Description, string Empty, IReadOnlyList<BarChart.Bar> Bars)
{
    public sealed record Bar(string Label, decimal Value, string Display, bool Highlight = false);
}
