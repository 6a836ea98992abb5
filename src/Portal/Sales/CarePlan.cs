using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Localization;
using Portal.Segmentation;

namespace Portal.Sales;

public sealed class CarePlanOptions
{
    public const string SectionName = "CarePlan";

    public bool Enabled { get; set; } = true;

    /// How often each instance's worker brings the tasks up to date.
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// A call or visit becomes a task this many days before it is due, so the rep can plan it.
    [Range(0, 90)]
    public int LeadDays { get; set; } = 7;

    /// A segmentation action becomes a task due this many days after it was proposed.
    [Range(0, 90)]
    public int ActionDueDays { get; set; } = 7;
}

/// The care plan as tasks for the customer's rep: each strategy's care intensity asks for calls and visits a year
/// (spread evenly: 4 a year is one every 91 days after the last one), and the segmentation actions MoveToSelfService
/// and Reactivate ask for a follow-up. Generating is idempotent: one open task per customer and kind, whatever how
/// often or how many instances run it. Customers without a rep get no tasks (there is nobody to give them to).
public sealed class CarePlan(PortalDbContext db, SegmentationSettingsStore settingsStore, TimeProvider time, IOptions<CarePlanOptions> options, IOptions<Care.Journeys.JourneyOptions> journeyOptions, ILogger<CarePlan> logger)
{
    public sealed record GenerateResult(int Created, int Cancelled);

    public static int IntervalDays(int perYear) => perYear <= 0 ? 0 : (int)Math.Round(365m / perYear, MidpointRounding.AwayFromZero);

    public async Task<GenerateResult> GenerateAsync(CancellationToken cancellationToken)
    {
        var today = Dates.BusinessToday(time);
        var now = time.GetUtcNow();
        var settings = await settingsStore.LoadAsync(cancellationToken);
        var lead = options.Value.LeadDays;

        // The open tasks first, then what they are checked against. A rep completing a visit meanwhile (task and
        // touch saved together) is then either still open here, or done with its visit seen below; read the other
        // way round, the visit could be missed with the task already gone, and a new visit would fall due today.
        // Likewise only tasks in this snapshot can be cancelled, never one created after it for a customer read later.
        var open = await db.CareTasks.AsNoTracking().Where(t => t.Status == CareTaskStatus.Open)
            .Select(t => new { t.Id, t.CustomerId, t.Kind, t.SegmentationActionId, t.AssignedUserId, t.JourneyEnrolmentId }).ToListAsync(cancellationToken);
        // An action kind an enabled journey follows up gets no task here: the journey mails first and gives the rep
        // a task only if that did not help (Care/Journeys). Tasks made before stay as they are.
        var byJourneys = journeyOptions.Value.Enabled ? await Care.Journeys.JourneyRunner.HandledActionKindsAsync(db, cancellationToken) : new HashSet<SegmentationActionKind>();
        var openByKey = open.ToDictionary(t => (t.CustomerId, t.Kind));
        var customers = await db.CustomerFigures.AsNoTracking()
            .Join(db.Customers, f => f.CustomerId, c => c.Id, (f, c) => new { c.Id, f.Strategy, c.AssignedRepId })
            .Where(x => x.AssignedRepId != null)
            .ToListAsync(cancellationToken);
        var lastContacts = await db.Touches.AsNoTracking()
            .Where(t => t.Kind == TouchKind.Call || t.Kind == TouchKind.Visit)
            .GroupBy(t => new { t.CustomerId, t.Kind })
            .Select(g => new { g.Key.CustomerId, g.Key.Kind, Last = g.Max(t => t.At) })
            .ToListAsync(cancellationToken);
        var last = lastContacts.ToDictionary(c => (c.CustomerId, c.Kind), c => Dates.BusinessDay(c.Last));
        var actions = await db.SegmentationActions.AsNoTracking()
            .Where(a => a.Status == SegmentationActionStatus.Open
                && (a.Kind == SegmentationActionKind.MoveToSelfService || a.Kind == SegmentationActionKind.Reactivate))
            .Select(a => new { a.Id, a.CustomerId, a.Kind, a.Reason, a.CreatedAt })
            .ToListAsync(cancellationToken);
        var openActionIds = actions.Select(a => a.Id).ToHashSet();

        var wanted = new HashSet<(int, CareTaskKind)>();
        var created = new List<CareTask>();
        var reps = new Dictionary<int, string>();
        foreach (var customer in customers)
        {
            reps[customer.Id] = customer.AssignedRepId!;
            var care = settings.Care(customer.Strategy);
            foreach (var (kind, touch, perYear) in new[] { (CareTaskKind.Call, TouchKind.Call, care.CallsPerYear), (CareTaskKind.Visit, TouchKind.Visit, care.VisitsPerYear) })
            {
                if (perYear <= 0)
                {
                    continue;
                }

                wanted.Add((customer.Id, kind));
                if (openByKey.ContainsKey((customer.Id, kind)))
                {
                    continue;
                }

                // Never contacted: due now. Otherwise one interval after the last contact, created a few days ahead.
                var due = last.TryGetValue((customer.Id, touch), out var lastDay) ? lastDay.AddDays(IntervalDays(perYear)) : today;
                if (due.AddDays(-lead) > today)
                {
                    continue;
                }

                created.Add(NewTask(customer.Id, kind, customer.AssignedRepId!, due < today ? today : due, StrategyNames.DisplayName(customer.Strategy), null, now));
            }
        }

        var repsOfActionCustomers = await RepsAsync(actions.Select(a => a.CustomerId).Where(id => !reps.ContainsKey(id)).Distinct().ToList(), cancellationToken);
        foreach (var (id, rep) in repsOfActionCustomers)
        {
            reps[id] = rep;
        }

        var createdKeys = new HashSet<(int, CareTaskKind)>();
        foreach (var action in actions)
        {
            var kind = action.Kind == SegmentationActionKind.MoveToSelfService ? CareTaskKind.MoveToSelfService : CareTaskKind.Reactivate;
            if (!reps.TryGetValue(action.CustomerId, out var rep))
            {
                continue;
            }

            wanted.Add((action.CustomerId, kind));
            if (byJourneys.Contains(action.Kind) || openByKey.ContainsKey((action.CustomerId, kind)) || !createdKeys.Add((action.CustomerId, kind)))
            {
                continue;
            }

            var due = Dates.BusinessDay(action.CreatedAt).AddDays(options.Value.ActionDueDays);
            created.Add(NewTask(action.CustomerId, kind, rep, due < today ? today : due, action.Reason, action.Id, now));
        }

        // Open tasks whose reason went away, and tasks of a customer that changed reps. Conditional updates: a task
        // the rep completes meanwhile stays completed.
        // A journey's task is the journey's: its reason does not go away with the action.
        var gone = open.Where(task => task.JourneyEnrolmentId is null && (!wanted.Contains((task.CustomerId, task.Kind))
            || (task.SegmentationActionId is { } actionId && !openActionIds.Contains(actionId)))).ToList();
        var cancelled = 0;
        foreach (var group in gone.GroupBy(t => t.Kind is CareTaskKind.Call or CareTaskKind.Visit))
        {
            var outcome = group.Key ? "The strategy's care intensity no longer asks for it." : "The segmentation action is closed.";
            foreach (var chunk in group.Select(t => t.Id).Chunk(5000))
            {
                cancelled += await db.CareTasks.Where(t => EF.Parameter(chunk).Contains(t.Id) && t.Status == CareTaskStatus.Open).ExecuteUpdateAsync(u => u
                    .SetProperty(t => t.Status, CareTaskStatus.Cancelled)
                    .SetProperty(t => t.ClosedAt, now)
                    .SetProperty(t => t.Outcome, outcome)
                    .SetProperty(t => t.OpenKey, (string?)null), cancellationToken);
            }
        }

        foreach (var task in open.Except(gone))
        {
            if (reps.TryGetValue(task.CustomerId, out var rep) && rep != task.AssignedUserId)
            {
                await db.CareTasks.Where(t => t.Id == task.Id && t.Status == CareTaskStatus.Open)
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.AssignedUserId, rep), cancellationToken);
            }
        }

        var inserted = created.Count;
        try
        {
            await db.InsertAsync(created, cancellationToken);
        }
        catch (DbException)
        {
            // Another generator (the other instance, a segmentation run, the worker) got there first with some of these
            // tasks; its tasks stand. The rest are inserted one by one, so that a task nobody else created is not left
            // to the next round (an hour later) just because another one collided.
            inserted = 0;
            foreach (var task in created)
            {
                try
                {
                    await db.InsertAsync([task], cancellationToken);
                    inserted++;
                }
                catch (DbException)
                {
                }
            }

            logger.LogInformation("Care tasks were generated concurrently elsewhere; {Inserted} of this round's {Planned} new tasks were still missing and are added", inserted, created.Count);
        }

        if (inserted > 0 || cancelled > 0)
        {
            logger.LogInformation("Care plan: {Created} tasks created, {Cancelled} cancelled", inserted, cancelled);
        }

        return new GenerateResult(inserted, cancelled);
    }

    // EF.Parameter (here and for the cancelled tasks above): the ids as one array parameter. EF's default of one
    // parameter per id costs SQLite a lookup by name through all of them for each, quadratic in the chunk (a first
    // segmentation run's care plan spent about 0.3 s there, a nightly one 0.2 s).
    private async Task<Dictionary<int, string>> RepsAsync(List<int> customerIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, string>();
        foreach (var chunk in customerIds.Chunk(5000))
        {
            var rows = await db.Customers.AsNoTracking().Where(c => EF.Parameter(chunk).Contains(c.Id) && c.AssignedRepId != null)
                .Select(c => new { c.Id, c.AssignedRepId }).ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                result[row.Id] = row.AssignedRepId!;
            }
        }

        return result;
    }

    private static CareTask NewTask(int customerId, CareTaskKind kind, string rep, DateOnly due, string reason, long? actionId, DateTimeOffset now) => new()
    {
        CustomerId = customerId,
        Kind = kind,
        AssignedUserId = rep,
        DueOn = due,
        Reason = reason.Length <= 1000 ? reason : reason[..999] + "…",
        CreatedAt = now,
        SegmentationActionId = actionId,
        OpenKey = CareTask.KeyFor(customerId, kind),
    };

    /// Closes one of the rep's own open tasks with what came of it. A call or visit is recorded as that touch (it
    /// is the cost to serve); a follow-up as a note, and its segmentation action is marked done. Messages are
    /// translation keys; null means done.
    public async Task<string?> CompleteAsync(long taskId, string userId, string userName, string? outcome, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(outcome))
        {
            return "Please note the outcome.";
        }

        if (outcome.Trim().Length > 2000)
        {
            return "At most 2,000 characters.";
        }

        var task = await db.CareTasks.SingleOrDefaultAsync(t => t.Id == taskId && t.AssignedUserId == userId, cancellationToken);
        if (task is null || task.Status != CareTaskStatus.Open)
        {
            return "This task is no longer open.";
        }

        var now = time.GetUtcNow();
        task.Status = CareTaskStatus.Done;
        task.ClosedAt = now;
        task.ClosedByUserId = userId;
        task.Outcome = outcome.Trim();
        task.OpenKey = null;
        db.Touches.Add(new Touch
        {
            CustomerId = task.CustomerId,
            Kind = task.Kind switch { CareTaskKind.Call => TouchKind.Call, CareTaskKind.Visit => TouchKind.Visit, _ => TouchKind.Note },
            At = now,
            UserId = userId,
            Note = task.Kind is CareTaskKind.Call or CareTaskKind.Visit ? task.Outcome : $"{CareTaskText.KindName(task.Kind)}: {task.Outcome}",
        });
        if (task.SegmentationActionId is { } actionId)
        {
            var action = await db.SegmentationActions.SingleOrDefaultAsync(a => a.Id == actionId && a.Status == SegmentationActionStatus.Open, cancellationToken);
            if (action is not null)
            {
                action.Status = SegmentationActionStatus.Done;
                action.ResolvedAt = now;
                action.ResolvedBy = userName;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// Moves one of the rep's own open tasks to a later day (tomorrow up to a year ahead).
    public async Task<string?> SnoozeAsync(long taskId, string userId, DateOnly? until, CancellationToken cancellationToken)
    {
        var today = Dates.BusinessToday(time);
        if (until is null)
        {
            return "Please choose a date.";
        }

        if (until <= today || until > today.AddYears(1))
        {
            return "The new due date must be between tomorrow and one year from now.";
        }

        var task = await db.CareTasks.SingleOrDefaultAsync(t => t.Id == taskId && t.AssignedUserId == userId, cancellationToken);
        if (task is null || task.Status != CareTaskStatus.Open)
        {
            return "This task is no longer open.";
        }

        task.DueOn = until.Value;
        task.Snoozes++;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}

/// Each instance's worker: brings the care tasks up to date every interval (the segmentation run does it too, right
/// after it stores new strategies and actions).
public sealed class CarePlanWorker(IServiceScopeFactory scopes, IOptions<CarePlanOptions> options, TimeProvider time, ILogger<CarePlanWorker> logger)
    : RecurringWorker(scopes, time, logger)
{
    protected override TimeSpan Interval => options.Value.Interval;
    protected override bool Enabled => options.Value.Enabled;

    // A repeated round makes no second task: one open task per customer and kind (a unique key).
    protected override Task RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<CarePlan>().GenerateAsync(cancellationToken);
}
