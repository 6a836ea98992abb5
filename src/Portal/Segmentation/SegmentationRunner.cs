using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
    public Strategy ComputedStrategy => SegmentationModel.StrategyFor(Evaluation.Segment, Evaluation.RevenueSegment);
}

public sealed record SegmentationOutcome(
    SegmentationWindow Window,
    SegmentationSettings Settings,
    IReadOnlyList<SegmentationRow> Rows,
    int Changes,
    int ActionsCreated,
    TimeSpan ReadTime,
    TimeSpan ClassifyTime,
    TimeSpan StoreTime,
    IReadOnlyList<StoreStep>? StoreSteps = null);

/// One step of the store phase and its time, for the breakdown scripts/benchmark.sh prints.
public readonly record struct StoreStep(string Name, TimeSpan Time)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name} {Time.TotalSeconds:0.00} s");
}

/// Recomputes the segmentation: sums up every customer's window in SQL (ActivityReader), classifies the whole
/// population in memory (one small row per customer), and stores the result in one transaction: the figures, a
/// history row for every change of class or strategy, the customer's effective class (which decides its catalogs
/// and prices), and the feedback actions.
public sealed class SegmentationRunner(PortalDbContext db, SegmentationSettingsStore settingsStore, Api.Webhooks webhooks, TimeProvider time)
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
        // A stored run compares with the stored figures; they are read while the database sums up the orders.
        StoredState? stored = null;
        // The history's last id before the customers (their classes and overrides) are read: a change staff make
        // from here on is seen by the store, which then leaves that customer as staff left it.
        var lastChange = request.DryRun ? 0 : await db.CustomerSegmentChanges.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        var inputs = await new ActivityReader(db).ReadAsync(
            window, request.DryRun ? null : async ct => stored = await StoredStateAsync(lastChange, ct), cancellationToken);
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
            rows[i] = new SegmentationRow(inputs[i].Id, inputs[i].Activity.Number, evaluations[i], forced, forced ?? evaluations[i].Segment);
        }

        var classifyTime = stopwatch.Elapsed;
        if (request.DryRun)
        {
            await Report(progress, new("Done (dry run)", 100));
            return new SegmentationOutcome(window, settings, rows, 0, 0, readTime, classifyTime, TimeSpan.Zero);
        }

        await Report(progress, new("Storing", 75));
        stopwatch.Restart();
        var steps = new StoreSteps();
        var (changes, actions) = await StoreAsync(request, settings, inputs, rows, stored!, steps, cancellationToken);
        await Report(progress, new("Done", 100));
        return new SegmentationOutcome(window, settings, rows, changes, actions, readTime, classifyTime, stopwatch.Elapsed, steps.Steps);
    }

    private static Task Report(Func<SegmentationProgress, Task>? progress, SegmentationProgress value) => progress is null ? Task.CompletedTask : progress(value);

    private static Segment? ActiveOverride(CustomerInput input, DateOnly asOf) =>
        input.SegmentOverride is { } forced && (input.OverrideUntil is null || input.OverrideUntil >= asOf) ? forced : null;

    private async Task<(int Changes, int Actions)> StoreAsync(SegmentationRequest request, SegmentationSettings settings, List<CustomerInput> inputs, SegmentationRow[] rows, StoredState stored, StoreSteps steps, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runId = request.RunId ?? 0;
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Only the figures that changed are written: on the nightly run most customers' figures are what they were
        // the night before, and rewriting 100,000 rows with their indexes was most of the store phase.
        var previous = stored.Figures;
        var changedByStaff = await RefreshAsync(stored, cancellationToken);
        steps.Done("begin");
        // Working out the figure rows is CPU only; it runs beside the class updates below, which wait on the database.
        // (After the history rows on this thread instead, SQLite's first run took 0.2-0.3 s longer: there the class
        // updates are CPU work in this process too, and shorter than the two.)
        var figuresToWrite = Task.Run(() => ChangedFigures(request, settings, inputs, rows, previous, changedByStaff, runId, now), cancellationToken);

        // The customers' new classes first (a quick pass), written while the history rows and events are worked out
        // below (CPU work: reasons, JSON payloads). Nothing else uses the context until the updates are awaited.
        var moves = new Dictionary<Segment, List<int>>();
        var expired = new List<int>();
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            if (changedByStaff.Contains(row.CustomerId))
            {
                continue;
            }

            if (inputs[i].SegmentOverride is not null && row.Override is null)
            {
                expired.Add(row.CustomerId);
            }

            if (row.Effective != inputs[i].Segment)
            {
                if (!moves.TryGetValue(row.Effective, out var ids))
                {
                    moves[row.Effective] = ids = [];
                }

                ids.Add(row.CustomerId);
            }
        }

        // A class change is announced to the webhooks that listen: an event with a JSON payload for each (44,000 on
        // a first run). Asked before the class updates start: they have the context to themselves from there.
        var announce = await webhooks.AnyListensToAsync(Api.WebhookEvents.CustomerClassChanged, cancellationToken);
        var classUpdates = Task.Run(() => UpdateClassesAsync(moves, expired, cancellationToken), cancellationToken);

        var history = new List<CustomerSegmentChange>();
        var events = new List<Api.WebhookEvent>();
        // A run for a past month's end (the backfill) dates its moves at that day's end, so a customer's class
        // history reads as it happened rather than all on the day the history was computed.
        var changedAt = request.AsOf < Dates.BusinessToday(time) ? Dates.StartOfBusinessDay(request.AsOf.AddDays(1)).AddSeconds(-1) : now;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var input = inputs[i];
            if (changedByStaff.Contains(row.CustomerId))
            {
                continue;
            }

            var oldStrategy = previous.TryGetValue(row.CustomerId, out var old) ? old.Strategy : (Strategy?)null;
            if (row.Effective == input.Segment && row.Evaluation.Strategy == oldStrategy)
            {
                continue;
            }

            var reason = input.SegmentOverride is not null && row.Override is null
                ? SegmentationReasons.OverrideEnded.Format(input.OverrideUntil!.Value, row.Evaluation.SegmentReason)
                : row.Override is not null ? SegmentationReasons.OverrideInEffect.Format(row.Evaluation.Segment, row.Evaluation.SegmentReason)
                : (settings.Mode == SegmentationMode.Pareto ? SegmentationReasons.ParetoRun : SegmentationReasons.ThresholdRun).Format(request.AsOf, row.Evaluation.SegmentReason);
            var change = new CustomerSegmentChange
            {
                CustomerId = row.CustomerId,
                At = changedAt,
                FromSegment = input.Segment,
                ToSegment = row.Effective,
                FromStrategy = oldStrategy,
                ToStrategy = row.Evaluation.Strategy,
                Reason = Truncate(reason, 500),
                RunId = request.RunId,
            };
            history.Add(change);
            if (announce && change.FromSegment != change.ToSegment)
            {
                events.Add(webhooks.ClassChanged(change));
            }
        }

        steps.Done("history rows and events");
        await classUpdates;
        steps.Done("class updates (waiting)");
        await db.InsertAsync(events, cancellationToken);
        steps.Done("events");
        var created = await StoreActionsAsync(rows, request.RunId, now, bulk: previous.Count == 0, cancellationToken);
        steps.Done("actions");

        var (changed, replaced) = await figuresToWrite;
        steps.Done("figure rows (waiting)");
        if (replaced.Count == previous.Count && replaced.Count > 0)
        {
            await db.CustomerFigures.ExecuteDeleteAsync(cancellationToken);
        }
        else if (replaced.Count > 0)
        {
            var array = replaced.ToArray();
            await db.CustomerFigures.Where(f => EF.Parameter(array).Contains(f.CustomerId)).ExecuteDeleteAsync(cancellationToken);
        }

        // The first run over freshly imported data writes a figure row and a first-strategy history row for every
        // customer into (nearly) empty tables: there the bulk load checks the foreign keys once for all rows
        // instead of once per row (BulkInsert.LoadAsync; the proposed actions above too). It locks the customers
        // table against changes until the commit (orders can still be placed), so it comes last; later runs write a
        // few hundred rows the ordinary way.
        var firstRun = previous.Count == 0 && changed.Count >= BulkLoadFrom;
        steps.Done("figures deleted");
        await (firstRun ? db.LoadAsync(changed, cancellationToken) : db.InsertAsync(changed, cancellationToken));
        steps.Done("figures");
        await (firstRun && history.Count >= BulkLoadFrom ? db.LoadAsync(history, cancellationToken) : db.InsertAsync(history, cancellationToken));
        steps.Done("history");
        await transaction.CommitAsync(cancellationToken);
        steps.Done("commit");
        return (history.Count, created);
    }

    /// The customers' new effective classes, and the overrides that ended cleared.
    private async Task UpdateClassesAsync(Dictionary<Segment, List<int>> moves, List<int> expired, CancellationToken cancellationToken)
    {
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
                .SetProperty(c => c.SegmentOverride, (Segment?)null)
                .SetProperty(c => c.OverrideReason, (string?)null)
                .SetProperty(c => c.OverrideUntil, (DateOnly?)null), cancellationToken);
        }

        if (moves.Count > 0 || expired.Count > 0)
        {
            // A class decides a customer's catalogs and prices: the shop's caches drop what they hold. ExecuteUpdate
            // bypasses the change tracker that would tell them, so the stamp is written here, in the run's transaction.
            Catalogs.CatalogVersion.MarkChanged(db);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// Below this many rows the per-row foreign key checks and index inserts cost less than checking the whole
    /// table again and building its indexes anew. Tests set it to compare both paths on a small population.
    internal int BulkLoadFrom { get; init; } = 10_000;

    /// The figure rows to write (new or changed) and the customers whose stored rows they replace, or whose
    /// customer is gone. Staff changed the customers in changedByStaff while the run was reading: left as they are.
    private static (List<CustomerFigures> Changed, List<int> Replaced) ChangedFigures(SegmentationRequest request, SegmentationSettings settings, List<CustomerInput> inputs,
        SegmentationRow[] rows, Dictionary<int, StoredFigures> previous, HashSet<int> changedByStaff, long runId, DateTimeOffset now)
    {
        var changed = new List<CustomerFigures>();
        var replaced = new List<int>();
        var seen = new HashSet<int>(rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            seen.Add(rows[i].CustomerId);
            if (changedByStaff.Contains(rows[i].CustomerId))
            {
                continue;
            }

            var figures = Figures(rows[i], inputs[i].Activity, request, settings, runId, now);
            if (previous.TryGetValue(figures.CustomerId, out var old))
            {
                if (figures.Digest == old.Digest && figures.Strategy == old.Strategy)
                {
                    continue;
                }

                replaced.Add(figures.CustomerId);
            }

            changed.Add(figures);
        }

        // Rows of customers that are gone (the foreign key's cascade normally removes those first).
        replaced.AddRange(previous.Keys.Where(id => !seen.Contains(id)));
        return (changed, replaced);
    }

    /// What a run compares to decide whether a customer's figures changed: the digest of everything but the run's
    /// stamp and the strategy, and the strategy in effect (an override changes it without a run).
    private readonly record struct StoredFigures(long Digest, Strategy Strategy);

    /// The figures' digest (see CustomerFigures.Digest): the amounts in cents, the counts, days and classes, and the
    /// reason's text, through XxHash3, which is stable across processes and machines (unlike HashCode).
    internal static long Digest(CustomerFigures f)
    {
        Span<long> values =
        [
            Cents(f.Revenue), f.KnownPotential is { } known ? Cents(known) : long.MinValue, Cents(f.Potential), Cents(f.Basis),
            Cents(f.OrderCost), Cents(f.LineCost), Cents(f.EscalationCost), Cents(f.CallCost), Cents(f.VisitCost),
            Cents(f.CostToServe), Cents(f.Margin), Cents(f.Contribution), f.Orders, f.PhoneOrders, f.Lines, f.Escalations,
            f.Calls, f.Visits, f.LastPurchase?.DayNumber ?? long.MinValue, f.MedianIntervalDays is { } m ? Cents(m) : long.MinValue,
            (long)f.ComputedSegment, (long)f.RevenueSegment,
        ];
        var reason = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(f.SegmentReason.AsSpan()));
        return (long)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(values), unchecked((long)reason));

        static long Cents(decimal amount) => (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);
    }

    /// The stored figures as a run found them before it stored its own, and the history's last id then.
    private sealed record StoredState(long LastChange, Dictionary<int, StoredFigures> Figures);

    /// Read before the run's transaction (beside the pass over the orders). Only runs and staff overrides change
    /// stored figures; one run is active at a time, and an override always writes a history row, so the run reads
    /// again, in its transaction, the figures of the customers with history rows after LastChange.
    private async Task<StoredState> StoredStateAsync(long lastChange, CancellationToken cancellationToken) =>
        new(lastChange, await StoredFiguresAsync(null, cancellationToken));

    /// The customers staff changed (an override set or cleared) while the run was reading, with their stored
    /// figures read again. The run computed them from what it read before: it leaves them as staff left them,
    /// and the next run takes them up.
    private async Task<HashSet<int>> RefreshAsync(StoredState stored, CancellationToken cancellationToken)
    {
        var touched = await db.CustomerSegmentChanges.AsNoTracking().Where(c => c.Id > stored.LastChange).Select(c => c.CustomerId).Distinct().ToArrayAsync(cancellationToken);
        if (touched.Length == 0)
        {
            return [];
        }

        var again = await StoredFiguresAsync(touched, cancellationToken);
        foreach (var id in touched)
        {
            if (again.TryGetValue(id, out var figures))
            {
                stored.Figures[id] = figures;
            }
            else
            {
                stored.Figures.Remove(id);
            }
        }

        return [.. touched];
    }

    /// The stored digests and strategies (all, or those of the given customers), read by hand: two narrow columns of
    /// 100,000 rows, where EF's query took several times as long.
    private async Task<Dictionary<int, StoredFigures>> StoredFiguresAsync(int[]? only, CancellationToken cancellationToken)
    {
        var sqlite = !db.Database.IsNpgsql();
        var where = only is null ? "" : sqlite
            ? """WHERE "CustomerId" IN (SELECT value FROM json_each(@only))"""
            : """WHERE "CustomerId" = ANY(@only)""";
        var stored = new Dictionary<int, StoredFigures>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandTimeout = 0;
            command.CommandText = $"""SELECT "CustomerId", "Digest", "Strategy" FROM "CustomerFigures" {where}""";
            if (only is not null)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@only";
                parameter.Value = sqlite ? System.Text.Json.JsonSerializer.Serialize(only) : only;
                command.Parameters.Add(parameter);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[reader.GetInt32(0)] = new StoredFigures(reader.GetInt64(1), Enum.Parse<Strategy>(reader.GetString(2)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return stored;
    }

    /// A proposed action is recorded once: while one of its kind is open for the customer, nothing new is added.
    /// An open action whose reason is gone is marked obsolete.
    /// bulk: a first run, where the actions (13,650 over the benchmark's data) go in like the figures (see below).
    private async Task<int> StoreActionsAsync(SegmentationRow[] rows, long? runId, DateTimeOffset now, bool bulk, CancellationToken cancellationToken)
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

        await (bulk && created.Count >= BulkLoadFrom ? db.LoadAsync(created, cancellationToken) : db.InsertAsync(created, cancellationToken));
        return created.Count;
    }

    private static CustomerFigures Figures(SegmentationRow row, CustomerActivity activity, SegmentationRequest request, SegmentationSettings settings, long runId, DateTimeOffset now)
    {
        var e = row.Evaluation;
        var figures = new CustomerFigures
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
            ComputedSegment = e.Segment,
            RevenueSegment = e.RevenueSegment,
            Strategy = e.Strategy,
            SegmentReason = Truncate(e.SegmentReason, 300),
            ComputedAt = now,
        };
        figures.Digest = Digest(figures);
        return figures;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
/// The store phase's steps as they finish: each one's time since the previous one ended.
internal sealed class StoreSteps
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<StoreStep> steps = [];
    private TimeSpan last;

    public IReadOnlyList<StoreStep> Steps => steps;

    public void Done(string name)
    {
        var now = clock.Elapsed;
        steps.Add(new StoreStep(name, now - last));
        last = now;
    }
}
