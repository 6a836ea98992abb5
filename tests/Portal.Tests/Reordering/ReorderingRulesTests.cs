using Portal.Ordering;
using Portal.Reordering;

namespace Portal.Tests.Reordering;

public sealed class ReorderingRulesTests
{
    [Theory]
    [InlineData(new[] { OrderChannel.Shop }, OrderChannel.Shop)]
    [InlineData(new[] { OrderChannel.ReorderList, OrderChannel.ReorderList, OrderChannel.Shop }, OrderChannel.ReorderList)]
    [InlineData(new[] { OrderChannel.Shop, OrderChannel.Shop, OrderChannel.QuickOrder }, OrderChannel.Shop)]
    [InlineData(new[] { OrderChannel.Shop, OrderChannel.CsvUpload }, OrderChannel.CsvUpload)]
    [InlineData(new[] { OrderChannel.QuickOrder, OrderChannel.ReorderList }, OrderChannel.ReorderList)]
    [InlineData(new OrderChannel[0], OrderChannel.Shop)]
    public void An_order_takes_the_channel_most_of_its_lines_came_by_and_a_tie_goes_to_the_reorder_tools(OrderChannel[] sources, OrderChannel expected) =>
        Assert.Equal(expected, OrderChannels.FromCart(sources));

    [Fact]
    public void The_usual_interval_is_the_median_gap_between_order_days()
    {
        var start = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var orders = new[] { start, start.AddDays(10), start.AddDays(10).AddHours(3), start.AddDays(40), start.AddDays(60) };

        Assert.Equal(TimeSpan.FromDays(20), ReorderRhythm.UsualInterval(orders, minOrders: 3));
        Assert.Null(ReorderRhythm.UsualInterval(orders.Take(3), minOrders: 3));
    }

    [Theory]
    [InlineData(30, null)]
    [InlineData(37, null)]
    [InlineData(38, 1)]
    [InlineData(67, 1)]
    [InlineData(68, 2)]
    public void A_company_is_overdue_a_quarter_past_its_interval_and_each_further_interval_is_a_new_period(int daysSinceLastOrder, int? period)
    {
        var last = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(period, ReorderRhythm.OverduePeriod(last, TimeSpan.FromDays(30), last.AddDays(daysSinceLastOrder), 0.25));
    }

    [Fact]
    public async Task Pasted_lines_split_on_tab_semicolon_or_comma_and_a_header_line_is_skipped()
    {
        var text = "Art.-Nr.;Menge\nP110-1\t5\n\"P110-2\";\"3\"\nP110-4,2\n\n  P120-1  \nX;1,5\n";

        var rows = await QuickOrder.ParseAsync(new StringReader(text), default);

        Assert.Equal(
            [new("P110-1", "5"), new("P110-2", "3"), new("P110-4", "2"), new("P120-1", ""), new QuickOrder.Row("X", "1,5")],
            rows!);
    }

    [Fact]
    public async Task Space_separated_lines_are_read_and_a_german_part_pack_after_a_comma_stays_one_value()
    {
        var text = "P410-1 1\nP410-2   12 \nP410-3,1,5\nP410-4,2,comment\n";

        var rows = await QuickOrder.ParseAsync(new StringReader(text), default);

        Assert.Equal(
            [new("P410-1", "1"), new("P410-2", "12"), new("P410-3", "1,5"), new QuickOrder.Row("P410-4", "2")],
            rows!);
    }

    [Fact]
    public async Task More_than_the_maximum_number_of_lines_is_refused_as_a_whole()
    {
        var text = string.Join('\n', Enumerable.Range(0, QuickOrder.MaxLines + 1).Select(i => $"A{i};1"));

        Assert.Null(await QuickOrder.ParseAsync(new StringReader(text), default));
    }
}
