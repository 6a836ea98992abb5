using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Segmentation;

namespace Portal.Insights;

/// The latest segmentation seen from above: what each class earns and costs (the same sums as the segment overview
/// in inside sales), how revenue concentrates on few customers (Pareto), and how customers moved between classes
/// from one run to another.
public sealed class SegmentOverview(PortalDbContext db, SegmentationSettingsStore settingsStore)
{
    public sealed record SegmentFigures(Segment Segment, int Customers, decimal Revenue, decimal CostToServe, decimal Contribution)
    {
        public decimal CostPerCustomer => Customers == 0 ? 0m : Localization.Money.Round(CostToServe / Customers);
    }

    /// A point of the Pareto curve: the top `CustomerShare` of customers by revenue hold `RevenueShare` of it.
    public sealed record ParetoPoint(decimal CustomerShare, decimal RevenueShare);

    public sealed record Pareto(IReadOnlyList<ParetoPoint> Points, decimal AShare, decimal BShare, int Customers);

    public sealed record Move(Segment? From, Segment To, int Customers);

    /// Runs: the completed runs to choose from, latest first.
    public sealed record Migration(SegmentationRun? FromRun, SegmentationRun? ToRun, IReadOnlyList<Move> Moves, IReadOnlyList<SegmentationRun> Runs);

    /// Per class in effect (an override counts), from the customers' figures of the latest run.
    public async Task<IReadOnlyList<SegmentFigures>> BySegmentAsync(CancellationToken cancellationToken)
    {
        var sums = await db.Customers.AsNoTracking()
            .Join(db.CustomerFigures, c => c.Id, f => f.CustomerId, (c, f) => new { c.Segment, f.Revenue, f.CostToServe, f.Contribution })
            .GroupBy(x => x.Segment)
            .Select(g => new { g.Key, Count = g.Count(), Revenue = g.Sum(x => x.Revenue), CostToServe = g.Sum(x => x.CostToServe), Contribution = g.Sum(x => x.Contribution) })
            .ToListAsync(cancellationToken);
        return Enum.GetValues<Segment>()
            .Select(s => sums.FirstOrDefault(x => x.Key == s) is { } x ? new SegmentFigures(s, x.Count, x.Revenue, x.CostToServe, x.Contribution) : new SegmentFigures(s, 0, 0, 0, 0))
            .ToList();
    }

    /// The cumulative revenue share over customers ranked by revenue, at most `points` points, with the settings'
    /// A and B cut lines.
    public async Task<Pareto> ParetoAsync(int points, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.LoadAsync(cancellationToken);
        var revenues = (await db.CustomerFigures.AsNoTracking().Select(f => f.Revenue).ToListAsync(cancellationToken))
            .Select(r => Math.Max(r, 0m)).OrderByDescending(r => r).ToList();
        var total = revenues.Sum();
        var curve = new List<ParetoPoint> { new(0m, 0m) };
        if (revenues.Count > 0 && total > 0)
        {
            var step = Math.Max(1, revenues.Count / points);
            var running = 0m;
            for (var i = 0; i < revenues.Count; i++)
            {
                running += revenues[i];
                if ((i + 1) % step == 0 || i == revenues.Count - 1)
                {
                    curve.Add(new((decimal)(i + 1) / revenues.Count, running / total));
                }
            }
        }

        return new Pareto(curve, settings.ParetoAShare, settings.ParetoBShare, revenues.Count);
    }

    /// Customers counted by the band their revenue and their potential fall in, cut at the class thresholds of the
    /// settings (below the small-customer threshold: C, from the key-account threshold: A). High potential on low
    /// revenue is where developing a customer pays; the segmentation classifies on the larger of the two.
    public sealed record Matrix(IReadOnlyDictionary<(Segment Revenue, Segment Potential), int> Customers, decimal SmallCustomerThreshold, decimal KeyAccountThreshold)
    {
        public int this[Segment revenue, Segment potential] => Customers.GetValueOrDefault((revenue, potential));
    }

    public async Task<Matrix> MatrixAsync(CancellationToken cancellationToken)
    {
        var settings = await settingsStore.LoadAsync(cancellationToken);
        var figures = await db.CustomerFigures.AsNoTracking().Select(f => new { f.Revenue, f.Potential }).ToListAsync(cancellationToken);
        Segment Band(decimal value) => SegmentationModel.ByThreshold(value, settings, explain: false).Segment;
        var cells = figures.GroupBy(f => (Band(f.Revenue), Band(f.Potential))).ToDictionary(g => g.Key, g => g.Count());
        return new Matrix(cells, settings.SmallCustomerThreshold, settings.KeyAccountThreshold);
    }

    public sealed record MatrixCustomer(string Number, string Name, Segment Segment, decimal Revenue, decimal Potential, Strategy Strategy);

    /// The customers behind one cell of the matrix, largest revenue first.
    public async Task<IReadOnlyList<MatrixCustomer>> MatrixCellAsync(Segment revenueBand, Segment potentialBand, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.LoadAsync(cancellationToken);
        Segment Band(decimal value) => SegmentationModel.ByThreshold(value, settings, explain: false).Segment;
        return (await db.Customers.AsNoTracking()
                .Join(db.CustomerFigures, c => c.Id, f => f.CustomerId, (c, f) => new MatrixCustomer(c.Number, c.Name, c.Segment, f.Revenue, f.Potential, f.Strategy))
                .ToListAsync(cancellationToken))
            .Where(c => Band(c.Revenue) == revenueBand && Band(c.Potential) == potentialBand)
            .OrderByDescending(c => c.Revenue).ThenBy(c => c.Number, StringComparer.Ordinal)
            .ToList();
    }

    /// Moves between two completed runs (by default the two latest by day): a customer's class at a run is the last
    /// class change recorded up to the run's end, by a run or by staff. From null: the customer had no class yet.
    /// fromRunId 0 compares with "before the first run".
    public async Task<Migration> MigrationAsync(long? fromRunId, long? toRunId, CancellationToken cancellationToken)
    {
        var runs = await db.SegmentationRuns.AsNoTracking()
            .Where(r => r.Status == SegmentationRunStatus.Completed && r.FinishedAt != null)
            .OrderByDescending(r => r.AsOf).ThenByDescending(r => r.Id).Take(60).ToListAsync(cancellationToken);
        var to = toRunId is { } t ? runs.FirstOrDefault(r => r.Id == t) : runs.FirstOrDefault();
        var from = fromRunId switch
        {
            0 => null,
            { } f => runs.FirstOrDefault(r => r.Id == f),
            null => runs.SkipWhile(r => to is null || r.Id != to.Id).Skip(1).FirstOrDefault(),
        };
        if (to is null)
        {
            return new Migration(null, null, [], runs);
        }

        var changes = await db.CustomerSegmentChanges.AsNoTracking()
            .Where(c => c.At <= to.FinishedAt!.Value)
            .Select(c => new { c.Id, c.CustomerId, c.At, c.ToSegment })
            .ToListAsync(cancellationToken);
        Dictionary<int, Segment> SegmentsAt(DateTimeOffset? end) => changes
            .Where(c => end is not null && c.At <= end)
            .GroupBy(c => c.CustomerId)
            .ToDictionary(g => g.Key, g => g.MaxBy(c => (c.At, c.Id))!.ToSegment);
        var before = SegmentsAt(from?.FinishedAt);
        var after = SegmentsAt(to.FinishedAt);
        var moves = after
            .GroupBy(a => (From: before.TryGetValue(a.Key, out var b) ? b : (Segment?)null, To: a.Value))
            .Select(g => new Move(g.Key.From, g.Key.To, g.Count()))
            .OrderBy(m => m.From is null ? -1 : (int)m.From).ThenBy(m => m.To)
            .ToList();
        return new Migration(from, to, moves, runs);
    }
}
