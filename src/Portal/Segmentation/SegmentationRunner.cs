using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Customers;
using Portal.Data;
using Portal.Localization;

namespace Portal.Segmentation;

/// What to compute: as of which day, and optionally with another mode or other Pareto shares than the settings.
public sealed record SegmentationRequest(DateOnly AsOf, SegmentationMode? Mode = null, decimal? AShare = null, decimal? BShare = null, bool DryRun = false, long? RunId = null);

public sealed record SegmentationProgress(string Stage, int Percent);

/// One customer's result, for the command line and the run summary.
public sealed record SegmentationRow(
    int CustomerId,
    string Number,
    CustomerEvaluation Evaluation,
    Segment? Override,
    Segment Effective)
{
    /// The model's own strategy, from the computed class (the stored strategy follows an override).
    public Strategy ComputedStrategy => SegmentationModel.StrategyFor(Evaluation.Class, Evaluation.RevenueClass);
}

public sealed record SegmentationOutcome(
    SegmentationWindow Window,
    SegmentationSettings Settings,
    IReadOnlyList<SegmentationRow> Rows,
    int Changes,
    int ActionsCreated,
    TimeSpan ReadTime,
    TimeSpan ClassifyTime,
    TimeSpan StoreTime);

/// Recomputes the segmentation: sums up every customer's window in SQL (ActivityReader), classifies the whole
/// population in memory (one small row per customer), and stores the result in one transaction: the figures, a
/// history row for every change of class or strategy, the customer's effective class (which decides its catalogs
/// and prices), and the feedback actions.
public sealed class SegmentationRunner(PortalDbContext db, SegmentationSettingsStore settingsStore, TimeProvider time)
{
    public async Task<SegmentationOutcome> RunAsync(SegmentationRequest request, Func<SegmentationProgress, Task>? progress, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.LoadAsync(cancellationToken);
        if (request.Mode is { } mode)
        {
            settings.Mode = mode;
        }

        settings.ParetoAShare = request.AShare ?? settings.ParetoAShare;
        settings.ParetoBShare = request.BShare ?? settings.ParetoBShare;
        if (settings.Validate() is { Count: > 0 } problems)
        {
            throw new InvalidSegmentationSettingsException(problems);
        }

        var window = new SegmentationWindow(request.AsOf, settings.WindowMonths);
        await Report(progress, new("Summing up orders", 5));
        var stopwatch = Stopwatch.StartNew();
        var inputs = await new ActivityReader(db).ReadAsync(window, cancellationToken);
        var readTime = stopwatch.Elapsed;

        await Report(progress, new("Classifying", 60));
        stopwatch.Restart();
        var overrides = new Dictionary<string, Segment>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (ActiveOverride(input, request.AsOf) is { } forced)
            {
                overrides[input.Activity.Number] = forced;
            }
        }

        var evaluations = SegmentationModel.Evaluate(inputs.Select(i => i.Activity).ToList(), settings, request.AsOf, overrides);
        var rows = new SegmentationRow[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var forced = overrides.TryGetValue(inputs[i].Activity.Number, out var value) ? value : (Segment?)null;
            rows[i] = new SegmentationRow(inputs[i].Id, inputs[i].Activity.Number, evaluations[i], forced, forced ?? evaluations[i].Class);
        }

        var classifyTime = stopwatch.Elapsed;
        if (request.DryRun)
        {
            await Report(progress, new("Done (dry run)", 100));
            return new SegmentationOutcome(window, settings, rows, 0, 0, readTime, classifyTime, TimeSpan.Zero);
        }

        await Report(progress, new("Storing", 75));
        stopwatch.Restart();
        var (changes, actions) = await StoreAsync(request, settings, inputs, rows, cancellationToken);
        await Report(progress, new("Done", 100));
        return new SegmentationOutcome(window, settings, rows, changes, actions, readTime, classifyTime, stopwatch.Elapsed);
    }

    private static Task Report(Func<SegmentationProgress, Task>? progress, SegmentationProgress value) => progress is null ? Task.CompletedTask : progress(value);

    private static Segment? ActiveOverride(CustomerInput input, DateOnly asOf) =>
        input.ClassOverride is { } forced && (input.OverrideUntil is null || input.OverrideUntil >= asOf) ? forced : null;

    private async Task<(int Changes, int Actions)> StoreAsync(SegmentationRequest request, SegmentationSettings settings, List<CustomerInput> inputs, SegmentationRow[] rows, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runId = request.RunId ?? 0;
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var previousStrategy = await db.CustomerFigures.AsNoTracking()
            .Select(f => new { f.CustomerId, f.Strategy })
            .ToDictionaryAsync(f => f.CustomerId, f => f.Strategy, cancellationToken);
        await db.CustomerFigures.ExecuteDeleteAsync(cancellationToken);
        await db.InsertAsync(rows.Select((r, i) => Figures(r, inputs[i].Activity, request, settings, runId, now)), cancellationToken);

        var history = new List<CustomerClassChange>();
        var moves = new Dictionary<Segment, List<int>>();
        var expired = new List<int>();
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var input = inputs[i];
            var oldStrategy = previousStrategy.TryGetValue(row.CustomerId, out var s) ? s : (Strategy?)null;
            var overrideEnded = input.ClassOverride is not null && row.Override is null;
            if (overrideEnded)
            {
                expired.Add(row.CustomerId);
            }

            if (row.Effective == input.Segment && row.Evaluation.Strategy == oldStrategy)
            {
                continue;
            }

            if (row.Effective != input.Segment)
            {
                if (!moves.TryGetValue(row.Effective, out var ids))
                {
                    moves[row.Effective] = ids = [];
                }

                ids.Add(row.CustomerId);
            }

            var reason = overrideEnded
                ? $"override ended on {input.OverrideUntil:yyyy-MM-dd}; computed: {row.Evaluation.ClassReason}"
                : row.Override is not null ? $"override in effect; computed class {row.Evaluation.Class}: {row.Evaluation.ClassReason}"
                : $"{settings.Mode.ToString().ToLowerInvariant()} as of {request.AsOf:yyyy-MM-dd}: {row.Evaluation.ClassReason}";
            history.Add(new CustomerClassChange
            {
                CustomerId = row.CustomerId,
                At = now,
                FromClass = input.Segment,
                ToClass = row.Effective,
                FromStrategy = oldStrategy,
                ToStrategy = row.Evaluation.Strategy,
                Reason = Truncate(reason, 500),
                RunId = request.RunId,
            });
        }

        // EF.Parameter: the ids as one array parameter (json_each on SQLite, = ANY on PostgreSQL). EF's default of one
        // parameter per id costs SQLite a linear name lookup per parameter, quadratic in the list (seconds at 100,000).
        foreach (var (segment, ids) in moves)
        {
            var array = ids.ToArray();
            await db.Customers.Where(c => EF.Parameter(array).Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.Segment, segment), cancellationToken);
        }

        if (expired.Count > 0)
        {
            var array = expired.ToArray();
            await db.Customers.Where(c => EF.Parameter(array).Contains(c.Id)).ExecuteUpdateAsync(u => u
                .SetProperty(c => c.ClassOverride, (Segment?)null)
                .SetProperty(c => c.OverrideReason, (string?)null)
                .SetProperty(c => c.OverrideUntil, (DateOnly?)null), cancellationToken);
        }

        await db.InsertAsync(history, cancellationToken);
        var created = await StoreActionsAsync(rows, request.RunId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (history.Count, created);
    }

    /// A proposed action is recorded once: while one of its kind is open for the customer, nothing new is added.
    /// An open action whose reason is gone is marked obsolete.
    private async Task<int> StoreActionsAsync(SegmentationRow[] rows, long? runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await db.SegmentationActions.AsNoTracking()
            .Where(a => a.Status == SegmentationActionStatus.Open)
            .Select(a => new { a.Id, a.CustomerId, a.Kind })
            .ToListAsync(cancellationToken);
        var openKeys = open.ToDictionary(a => (a.CustomerId, a.Kind), a => a.Id);
        var proposed = new HashSet<(int, SegmentationActionKind)>();
        var created = new List<SegmentationAction>();
        foreach (var row in rows)
        {
            foreach (var action in row.Evaluation.Actions)
            {
                proposed.Add((row.CustomerId, action.Kind));
                if (!openKeys.ContainsKey((row.CustomerId, action.Kind)))
                {
                    created.Add(new SegmentationAction
                    {
                        CustomerId = row.CustomerId,
                        Kind = action.Kind,
                        Reason = Truncate(action.Reason, 1000),
                        CreatedAt = now,
                        Status = SegmentationActionStatus.Open,
                        RunId = runId,
                    });
                }
            }
        }

        var obsolete = openKeys.Where(o => !proposed.Contains(o.Key)).Select(o => o.Value).ToArray();
        if (obsolete.Length > 0)
        {
            await db.SegmentationActions.Where(a => EF.Parameter(obsolete).Contains(a.Id)).ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, SegmentationActionStatus.Obsolete)
                .SetProperty(a => a.ResolvedAt, now)
                .SetProperty(a => a.ResolvedBy, "segmentation run"), cancellationToken);
        }

        await db.InsertAsync(created, cancellationToken);
        return created.Count;
    }

    private static CustomerFigures Figures(SegmentationRow row, CustomerActivity activity, SegmentationRequest request, SegmentationSettings settings, long runId, DateTimeOffset now)
    {
        var e = row.Evaluation;
        return new CustomerFigures
        {
            CustomerId = row.CustomerId,
            RunId = runId,
            AsOf = request.AsOf,
            Mode = settings.Mode,
            Revenue = Money.Round(e.Revenue),
            KnownPotential = activity.KnownPotential,
            Potential = Money.Round(e.Potential),
            Basis = Money.Round(e.Basis),
            OrderCost = Money.Round(e.CostToServe.Orders),
            LineCost = Money.Round(e.CostToServe.Lines),
            EscalationCost = Money.Round(e.CostToServe.Escalations),
            CallCost = Money.Round(e.CostToServe.Calls),
            VisitCost = Money.Round(e.CostToServe.Visits),
            CostToServe = Money.Round(e.CostToServe.Total),
            Margin = Money.Round(e.Margin),
            Contribution = Money.Round(e.Contribution),
            Orders = activity.Orders,
            PhoneOrders = activity.PhoneOrders,
            Lines = activity.Lines,
            Escalations = activity.Escalations,
            Calls = activity.Calls,
            Visits = activity.Visits,
            LastPurchase = e.LastPurchase,
            MedianIntervalDays = e.MedianIntervalDays is { } m ? Math.Round(m, 1) : null,
            ComputedClass = e.Class,
            RevenueClass = e.RevenueClass,
            Strategy = e.Strategy,
            ClassReason = Truncate(e.ClassReason, 300),
            ComputedAt = now,
        };
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
