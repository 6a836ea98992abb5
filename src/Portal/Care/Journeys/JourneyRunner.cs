using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Customers;
using Portal.Data;
using Portal.Identity;
using Portal.Localization;
using Portal.Mail;
using Portal.Ordering;
using Portal.Pricing;
using Portal.Reordering;
using Portal.Sales;
using Portal.Segmentation;

namespace Portal.Care.Journeys;

public sealed class JourneyOptions
{
    public const string SectionName = "Journeys";

    /// Off: no instance enrols or runs journeys, and the care plan makes the segmentation actions' tasks as before.
    public bool Enabled { get; set; } = true;

    /// How often each instance's worker looks for triggers and due steps.
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// How long a claimed enrolment stays with the instance that claimed it (a crashed instance's claim runs out).
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// Class changes and first sign-ins older than this do not enrol (switching a journey on does not replay history).
    [Range(1, 365)]
    public int LookbackDays { get; set; } = 30;

    [Range(1, 20)]
    public int TopArticles { get; set; } = 5;

    [Range(1, 10000)]
    public int BatchSize { get; set; } = 500;
}

public sealed record JourneyRound(int Enrolled, int Converted, int Steps);

/// Enrols customers whose trigger fired, lets those who met their journey's goal leave, and runs due steps. Safe on
/// every instance at once: an enrolment is unique per journey and trigger (and per customer while active); a due
/// enrolment is claimed by one conditional UPDATE (due, no lease running) like the mail outbox, and its step's
/// effects (mails, invitations, a task) are saved in one transaction with the move to the next step, which only
/// the claim's holder can make. Mails carry a dedupe key per enrolment, step and address besides.
public sealed class JourneyRunner(
    PortalDbContext db,
    Outbox outbox,
    MailConsents consents,
    Invitations invitations,
    ReorderLists lists,
    PriceBook prices,
    MailLinks links,
    TimeProvider time,
    IOptions<JourneyOptions> options,
    IOptions<SellerOptions> seller,
    ILogger<JourneyRunner> logger)
{
    private static readonly string Instance = $"{Environment.MachineName}/{Environment.ProcessId}";
    private readonly string claimToken = $"{Instance}/{Guid.NewGuid():N}"[..Math.Min(100, Instance.Length + 33)];

    private JourneyOptions Options => options.Value;

    public async Task<JourneyRound> RunOnceAsync(CancellationToken cancellationToken)
    {
        await JourneyDefaults.EnsureAsync(db, time, cancellationToken);
        var enrolled = await EnrolAsync(cancellationToken);
        var converted = await ConvertAsync(cancellationToken);
        var steps = 0;
        var now = time.GetUtcNow();
        var due = await Due(now).OrderBy(e => e.NextDueAt).ThenBy(e => e.Id).Select(e => e.Id).Take(Options.BatchSize).ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            // One step after the other while the enrolment stays due (an invitation, then the mail of day 0).
            for (var guard = 0; guard < 50 && await StepAsync(id, cancellationToken); guard++)
            {
                steps++;
            }
        }

        if (enrolled + converted + steps > 0)
        {
            logger.LogInformation("Journeys: {Enrolled} enrolled, {Converted} converted, {Steps} steps run", enrolled, converted, steps);
        }

        return new JourneyRound(enrolled, converted, steps);
    }

    private IQueryable<JourneyEnrolment> Due(DateTimeOffset now) =>
        db.JourneyEnrolments.Where(e => e.Status == JourneyEnrolmentStatus.Active && e.NextDueAt <= now && (e.LeaseUntil == null || e.LeaseUntil < now));

    // ---- Triggers ------------------------------------------------------------------------------------------------

    private static readonly (JourneyTriggers Trigger, SegmentationActionKind Kind)[] ActionTriggers =
    [
        (JourneyTriggers.MoveToSelfService, SegmentationActionKind.MoveToSelfService),
        (JourneyTriggers.Reactivate, SegmentationActionKind.Reactivate),
        (JourneyTriggers.ReviewTerms, SegmentationActionKind.ReviewTerms),
    ];

    /// The segmentation action kinds that enabled journeys follow up (the care plan leaves their tasks to them).
    public static async Task<HashSet<SegmentationActionKind>> HandledActionKindsAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var triggers = await db.Journeys.AsNoTracking().Where(j => j.IsEnabled).Select(j => j.Triggers).ToListAsync(cancellationToken);
        return ActionTriggers.Where(a => triggers.Any(t => t.HasFlag(a.Trigger))).Select(a => a.Kind).ToHashSet();
    }

    /// A trigger enrols a customer unless an enrolment in the same journey was running when the trigger fired (or
    /// started after it): an open action seen again in the next round, or a class change while the customer is
    /// already in the journey, enrols nobody a second time.
    private async Task<int> EnrolAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = now.AddDays(-Options.LookbackDays);
        var journeys = await db.Journeys.AsNoTracking().Where(j => j.IsEnabled).Select(j => new { j.Id, j.Triggers }).ToListAsync(cancellationToken);
        var enrolled = 0;
        foreach (var journey in journeys)
        {
            var id = journey.Id;
            var kinds = ActionTriggers.Where(a => journey.Triggers.HasFlag(a.Trigger)).Select(a => a.Kind).ToList();
            if (kinds.Count > 0)
            {
                var actions = await db.SegmentationActions.AsNoTracking()
                    .Where(a => a.Status == SegmentationActionStatus.Open && kinds.Contains(a.Kind))
                    .Where(a => !db.JourneyEnrolments.Any(e => e.JourneyId == id && e.CustomerId == a.CustomerId && (e.EndedAt == null || e.EndedAt >= a.CreatedAt)))
                    .OrderBy(a => a.Id).Select(a => new { a.Id, a.CustomerId }).Take(Options.BatchSize).ToListAsync(cancellationToken);
                foreach (var action in actions)
                {
                    enrolled += await TryEnrolAsync(db, id, action.CustomerId, $"action:{action.Id}", action.Id, now, cancellationToken) ? 1 : 0;
                }
            }

            if (journey.Triggers.HasFlag(JourneyTriggers.MovedIntoClassC))
            {
                var changes = await db.CustomerSegmentChanges.AsNoTracking()
                    .Where(c => c.ToSegment == Segment.C && c.FromSegment != null && c.FromSegment != Segment.C && c.At >= since)
                    .Where(c => !db.JourneyEnrolments.Any(e => e.JourneyId == id && e.CustomerId == c.CustomerId && (e.EndedAt == null || e.EndedAt >= c.At)))
                    .OrderBy(c => c.Id).Select(c => new { c.Id, c.CustomerId }).Take(Options.BatchSize).ToListAsync(cancellationToken);
                foreach (var change in changes)
                {
                    enrolled += await TryEnrolAsync(db, id, change.CustomerId, $"class:{change.Id}", null, now, cancellationToken) ? 1 : 0;
                }
            }

            if (journey.Triggers.HasFlag(JourneyTriggers.FirstSignIn))
            {
                // A company's first sign-in: once per company and journey, ever.
                var companies = await db.UserSessions.AsNoTracking().Where(s => s.CreatedAt >= since)
                    .Join(db.Users.Where(u => u.CustomerId != null), s => s.UserId, u => u.Id, (s, u) => u.CustomerId!.Value)
                    .Distinct()
                    .Where(c => !db.JourneyEnrolments.Any(e => e.JourneyId == id && e.CustomerId == c))
                    .Take(Options.BatchSize).ToListAsync(cancellationToken);
                foreach (var company in companies)
                {
                    enrolled += await TryEnrolAsync(db, id, company, $"signin:{company}", null, now, cancellationToken) ? 1 : 0;
                }
            }
        }

        return enrolled;
    }

    /// False when the customer is already in the journey or the trigger was taken (another instance, a moment ago).
    public static async Task<bool> TryEnrolAsync(PortalDbContext db, int journeyId, int customerId, string sourceKey, long? actionId, DateTimeOffset now, CancellationToken cancellationToken, JourneyEnrolmentStatus status = JourneyEnrolmentStatus.Active)
    {
        var enrolment = new JourneyEnrolment
        {
            JourneyId = journeyId,
            CustomerId = customerId,
            SourceKey = sourceKey,
            SegmentationActionId = actionId,
            StartedAt = now,
            NextDueAt = now,
            Status = status,
            EndedAt = status == JourneyEnrolmentStatus.Active ? null : now,
            ActiveKey = status == JourneyEnrolmentStatus.Active ? JourneyEnrolment.KeyFor(journeyId, customerId) : null,
        };
        db.JourneyEnrolments.Add(enrolment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(enrolment).State = EntityState.Detached;
            return false;
        }
    }

    // ---- Goals ---------------------------------------------------------------------------------------------------

    /// Those who met their journey's goal leave it as converted, at once, not only when their next step is due.
    private async Task<int> ConvertAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var converted = 0;
        foreach (var goal in new[] { JourneyGoal.SelfServiceOrder, JourneyGoal.AnyOrder })
        {
            converted += await db.JourneyEnrolments
                .Where(e => e.Status == JourneyEnrolmentStatus.Active && e.Journey!.Goal == goal && (e.LeaseUntil == null || e.LeaseUntil < now))
                .Where(e => db.Orders.Any(o => o.CustomerId == e.CustomerId && o.PlacedAt >= e.StartedAt && o.Status != OrderStatus.Cancelled
                    && (goal == JourneyGoal.AnyOrder || o.Channel != OrderChannel.Phone)))
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.Status, JourneyEnrolmentStatus.Converted)
                    .SetProperty(e => e.EndedAt, now)
                    .SetProperty(e => e.ActiveKey, (string?)null), cancellationToken);
        }

        return converted;
    }

    private Task<bool> OrderedSinceAsync(int customerId, DateTimeOffset since, bool selfServiceOnly, CancellationToken cancellationToken) =>
        db.Orders.AnyAsync(o => o.CustomerId == customerId && o.PlacedAt >= since && o.Status != OrderStatus.Cancelled
            && (!selfServiceOnly || o.Channel != OrderChannel.Phone), cancellationToken);

    private Task<bool> GoalMetAsync(JourneyGoal goal, int customerId, DateTimeOffset since, CancellationToken cancellationToken) => goal switch
    {
        JourneyGoal.SelfServiceOrder => OrderedSinceAsync(customerId, since, true, cancellationToken),
        JourneyGoal.AnyOrder => OrderedSinceAsync(customerId, since, false, cancellationToken),
        _ => Task.FromResult(false),
    };

    // ---- Steps ---------------------------------------------------------------------------------------------------

    private sealed record Outcome(int NextStep, DateTimeOffset NextDueAt, JourneyEnrolmentStatus Status);

    /// Claims the enrolment and runs its current step. True when a step ran and the enrolment may be due again.
    public async Task<bool> StepAsync(long enrolmentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var leaseUntil = now + Options.LeaseDuration;
        var claimed = await Due(now).Where(e => e.Id == enrolmentId).ExecuteUpdateAsync(u => u
            .SetProperty(e => e.LeaseUntil, leaseUntil)
            .SetProperty(e => e.ClaimedBy, claimToken), cancellationToken);
        if (claimed != 1)
        {
            return false;
        }

        try
        {
            return await RunClaimedAsync(enrolmentId, now, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            logger.LogWarning(e, "Journey enrolment {Enrolment}: the step failed; tried again once its claim runs out", enrolmentId);
            return false;
        }
    }

    private async Task<bool> RunClaimedAsync(long enrolmentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var enrolment = await db.JourneyEnrolments.AsNoTracking().SingleAsync(e => e.Id == enrolmentId, cancellationToken);
        var journey = await db.Journeys.AsNoTracking().Include(j => j.Steps).SingleAsync(j => j.Id == enrolment.JourneyId, cancellationToken);
        var steps = journey.Steps.OrderBy(s => s.Position).ToList();
        var step = enrolment.CurrentStep < steps.Count ? steps[enrolment.CurrentStep] : null;
        var next = enrolment.CurrentStep + 1;
        var done = next >= steps.Count ? JourneyEnrolmentStatus.Completed : JourneyEnrolmentStatus.Active;

        Outcome outcome;
        Func<Task>? effects = null;
        if (await GoalMetAsync(journey.Goal, enrolment.CustomerId, enrolment.StartedAt, cancellationToken))
        {
            outcome = new(enrolment.CurrentStep, now, JourneyEnrolmentStatus.Converted);
        }
        else if (step is null)
        {
            outcome = new(enrolment.CurrentStep, now, JourneyEnrolmentStatus.Completed);
        }
        else
        {
            outcome = new(next, now, done);
            switch (step.Kind)
            {
                case JourneyStepKind.Wait:
                    outcome = new(next, now.AddDays(step.WaitDays), done);
                    break;
                case JourneyStepKind.Check:
                    var holds = !await OrderedSinceAsync(enrolment.CustomerId, enrolment.StartedAt, step.Condition == JourneyCondition.NoSelfServiceOrder, cancellationToken);
                    if (!holds)
                    {
                        outcome = new(enrolment.CurrentStep, now, journey.Goal == JourneyGoal.None ? JourneyEnrolmentStatus.Completed : JourneyEnrolmentStatus.Converted);
                    }

                    break;
                case JourneyStepKind.Invite:
                    effects = await InvitationsAsync(enrolment, step, cancellationToken);
                    break;
                case JourneyStepKind.Mail:
                    effects = await MailsAsync(enrolment, journey, step, cancellationToken);
                    break;
                case JourneyStepKind.Task:
                    effects = await TaskAsync(enrolment, journey, step, now, cancellationToken);
                    break;
            }
        }

        var ends = outcome.Status != JourneyEnrolmentStatus.Active;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (effects is not null)
        {
            await effects();
        }

        await db.SaveChangesAsync(cancellationToken);
        var moved = await db.JourneyEnrolments.Where(e => e.Id == enrolmentId && e.ClaimedBy == claimToken && e.Status == JourneyEnrolmentStatus.Active)
            .ExecuteUpdateAsync(u => u
                .SetProperty(e => e.CurrentStep, outcome.NextStep)
                .SetProperty(e => e.NextDueAt, outcome.NextDueAt)
                .SetProperty(e => e.Status, outcome.Status)
                .SetProperty(e => e.EndedAt, ends ? now : (DateTimeOffset?)null)
                .SetProperty(e => e.ActiveKey, ends ? null : enrolment.ActiveKey)
                .SetProperty(e => e.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(e => e.ClaimedBy, (string?)null), cancellationToken);
        if (moved != 1)
        {
            // Taken out by hand meanwhile, or the claim ran out and another instance took over: nothing of this stands.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return !ends && outcome.NextDueAt <= now;
    }

    private sealed record Recipient(string Email, string Name, string Language);

    /// The company's active users and its contact persons, one per address.
    private async Task<List<Recipient>> RecipientsAsync(int customerId, CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Where(u => u.CustomerId == customerId && u.IsActive && u.Email != null)
            .Select(u => new Recipient(u.Email!, u.DisplayName, u.Language)).ToListAsync(cancellationToken);
        var contacts = await db.CustomerContacts.AsNoTracking().Where(c => c.CustomerId == customerId)
            .Select(c => new Recipient(c.Email, c.Name, c.Language)).ToListAsync(cancellationToken);
        return users.Concat(contacts).DistinctBy(r => MailConsents.Normalize(r.Email)).ToList();
    }

    private async Task<Func<Task>?> InvitationsAsync(JourneyEnrolment enrolment, JourneyStep step, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == enrolment.CustomerId)
            .Select(c => new { c.AssignedRepId, Rep = c.AssignedRep != null ? c.AssignedRep.DisplayName : null }).SingleAsync(cancellationToken);
        var contacts = await db.CustomerContacts.AsNoTracking().Where(c => c.CustomerId == enrolment.CustomerId).ToListAsync(cancellationToken);
        var normalized = contacts.Select(c => c.Email.Trim().ToUpperInvariant()).ToList();
        var withAccount = await db.Users.Where(u => normalized.Contains(u.NormalizedEmail!)).Select(u => u.NormalizedEmail!).ToListAsync(cancellationToken);
        var invited = await db.Invitations.Where(i => i.CustomerId == enrolment.CustomerId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > time.GetUtcNow())
            .Select(i => i.NormalizedEmail).ToListAsync(cancellationToken);
        var toInvite = contacts.Where(c => !withAccount.Contains(c.Email.Trim().ToUpperInvariant()) && !invited.Contains(c.Email.Trim().ToUpperInvariant())).ToList();
        if (toInvite.Count == 0)
        {
            return null;
        }

        var inviter = customer.Rep ?? seller.Value.Name;
        return async () =>
        {
            foreach (var contact in toInvite)
            {
                await invitations.InviteAsync(enrolment.CustomerId, customer.AssignedRepId, inviter, contact.Email, contact.Language, cancellationToken,
                    $"journey-{enrolment.Id}-{step.Position}-{MailConsents.Normalize(contact.Email)}");
            }
        };
    }

    private async Task<Func<Task>?> MailsAsync(JourneyEnrolment enrolment, Journey journey, JourneyStep step, CancellationToken cancellationToken)
    {
        if (step.SubjectEn is null || step.BodyEn is null)
        {
            // The reorder reminder's own mail: sent by ReorderReminders, never by a step.
            return null;
        }

        var recipients = await RecipientsAsync(enrolment.CustomerId, cancellationToken);
        var unsubscribed = await consents.UnsubscribedAmongAsync(recipients.Select(r => r.Email), cancellationToken);
        recipients = recipients.Where(r => !unsubscribed.Contains(MailConsents.Normalize(r.Email))).ToList();
        if (recipients.Count == 0)
        {
            return null;
        }

        // Tokens first, outside the step's transaction: TokenForAsync saves a new one through a context of its own.
        foreach (var recipient in recipients)
        {
            await consents.TokenForAsync(recipient.Email, cancellationToken);
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == enrolment.CustomerId)
            .Select(c => new { c.Name, c.AssignedRepId, Rep = c.AssignedRep != null ? c.AssignedRep.DisplayName : null }).SingleAsync(cancellationToken);
        var frequent = step.Articles == JourneyArticles.None ? [] : await lists.FrequentlyOrderedAsync(enrolment.CustomerId, Options.TopArticles, cancellationToken);
        frequent = frequent.Where(f => f.IsAvailable).ToList();
        var tiers = await prices.TiersForAsync(enrolment.CustomerId, frequent.Select(f => f.PackSizeId), cancellationToken);
        var articles = frequent.Select(f => new JourneyMailArticle(f.Sku, f.Description, f.TypicalQuantity,
            tiers.TryGetValue(f.PackSizeId, out var t) ? t.Where(x => x.MinQuantity <= f.TypicalQuantity).OrderByDescending(x => x.MinQuantity).Select(x => (decimal?)x.UnitPrice).FirstOrDefault() ?? t[0].UnitPrice : null)).ToList();
        var owner = customer.AssignedRepId
            ?? await db.Users.Where(u => u.CustomerId == enrolment.CustomerId && u.IsActive).OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        var makeList = step.Articles == JourneyArticles.TopArticlesAsList && articles.Count > 0 && owner is not null;

        return async () =>
        {
            var link = links.To(step.Articles == JourneyArticles.FrequentlyOrdered ? "/shop/reorder-lists/frequent" : "/shop", new Dictionary<string, string?>());
            if (makeList)
            {
                var language = recipients[0].Language;
                var created = await lists.CreateAsync(owner!, enrolment.CustomerId, language == "de" ? "Ihre häufigsten Artikel" : "Your most frequent articles", false,
                    frequent.Select(f => (f.PackSizeId, f.TypicalQuantity)), cancellationToken);
                link = links.To($"/shop/reorder-lists/{created.ListId}", new Dictionary<string, string?>());
            }

            foreach (var recipient in recipients)
            {
                var german = recipient.Language == "de";
                var rep = customer.Rep ?? (german ? "unser Innendienst" : "our inside sales team");
                var (subject, paragraphs) = JourneyMail.Fill(
                    german ? step.SubjectDe ?? step.SubjectEn : step.SubjectEn, german ? step.BodyDe ?? step.BodyEn : step.BodyEn,
                    customer.Name, recipient.Name, rep);
                var mail = new JourneyMail(subject, paragraphs, articles, link, makeList);
                await outbox.EnqueueMarketingAsync(mail, recipient.Email, recipient.Name, recipient.Language,
                    $"journey-{enrolment.Id}-{step.Position}-{MailConsents.Normalize(recipient.Email)}", cancellationToken);
            }
        };
    }

    private async Task<Func<Task>?> TaskAsync(JourneyEnrolment enrolment, Journey journey, JourneyStep step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var kind = step.TaskKind ?? CareTaskKind.Call;
        var rep = await db.Customers.Where(c => c.Id == enrolment.CustomerId).Select(c => c.AssignedRepId).SingleAsync(cancellationToken);
        var key = CareTask.KeyFor(enrolment.CustomerId, kind);
        if (rep is null || await db.CareTasks.AnyAsync(t => t.OpenKey == key, cancellationToken))
        {
            // Nobody to give it to, or the rep already has this kind of task open for the customer: no second one.
            return null;
        }

        var text = step.TaskText ?? CareTaskText.KindName(kind);
        var reason = JourneyReasons.Task.Format(text, journey.Name);
        if (step.AttachFigures && await db.CustomerFigures.AsNoTracking().SingleOrDefaultAsync(f => f.CustomerId == enrolment.CustomerId, cancellationToken) is { } f)
        {
            reason = JourneyReasons.TaskWithFigures.Format(text, journey.Name, SegmentationModel.Amount(f.Revenue), SegmentationModel.Amount(f.Contribution),
                SegmentationModel.Amount(f.CostToServe), f.Orders.ToString(CultureInfo.InvariantCulture), f.PhoneOrders.ToString(CultureInfo.InvariantCulture));
        }

        return () =>
        {
            db.CareTasks.Add(new CareTask
            {
                CustomerId = enrolment.CustomerId,
                Kind = kind,
                AssignedUserId = rep,
                DueOn = Dates.BusinessDay(now),
                Reason = reason.Length <= 1000 ? reason : reason[..999] + "…",
                CreatedAt = now,
                SegmentationActionId = enrolment.SegmentationActionId,
                JourneyEnrolmentId = enrolment.Id,
                OpenKey = key,
            });
            return Task.CompletedTask;
        };
    }
}

/// The reasons a journey's task carries: stored in English, shown in the reader's language (see SegmentationReasons).
public static class JourneyReasons
{
    public static readonly ReasonTemplate Task = new("{0:key} (journey “{1:key}”)");
    public static readonly ReasonTemplate TaskWithFigures = new("{0:key} (journey “{1:key}”): revenue {2:amount}, contribution {3:amount}, cost to serve {4:amount}, {5:number} orders, {6:number} of them by phone");
}

/// Each instance's worker: one round every interval.
public sealed class JourneyWorker(IServiceScopeFactory scopes, IOptions<JourneyOptions> options, TimeProvider time, ILogger<JourneyWorker> logger)
    : RecurringWorker(scopes, time, logger)
{
    protected override TimeSpan Interval => options.Value.Interval;
    protected override bool Enabled => options.Value.Enabled;

    // A starting app (or test host) mails nobody on boot.
    protected override bool WaitFirst => true;

    // A repeated round repeats nothing: enrolments are unique, steps are claimed and saved with their move on.
    protected override Task RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<JourneyRunner>().RunOnceAsync(cancellationToken);
}
