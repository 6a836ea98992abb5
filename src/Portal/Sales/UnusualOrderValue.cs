namespace Portal.Sales;

/// "Far above what this customer usually orders": the goods value against the median of its earlier orders. The
/// median, not the mean, so one big project order in the history does not hide the next typo. Pure rules, no I/O.
public static class UnusualOrderValue
{
    public sealed record Finding(decimal Median, decimal Factor);

    /// A finding when value exceeds factor × the median of the earlier order values; null when it does not, or when
    /// there are fewer than minOrders earlier orders to tell what is usual.
    public static Finding? Check(decimal value, IReadOnlyCollection<decimal> earlier, decimal factor, int minOrders)
    {
        var values = earlier.Where(v => v > 0).Order().ToList();
        if (values.Count < Math.Max(1, minOrders))
        {
            return null;
        }

        var middle = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return value > factor * median ? new Finding(median, Math.Round(value / median, 1)) : null;
    }
}
