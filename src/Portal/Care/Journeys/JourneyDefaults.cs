using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Sales;

namespace Portal.Care.Journeys;

/// The journeys the portal ships with, on by default. Seeded on start by their Key: a journey that exists is left as
/// staff edited it; two instances starting at once meet at the unique key and keep one.
public static class JourneyDefaults
{
    public const string Welcome = "welcome-self-service";
    public const string WeMissYou = "we-miss-you";
    public const string ReviewTerms = "review-terms";
    public const string ReorderReminder = "reorder-reminder";

    public const string HelpFirstOnlineOrder = "Help with the first online order";
    public const string CallAboutReactivation = "Call: no order since we missed you";
    public const string ReviewTermsTask = "Review the terms: the figures are attached";

    public static IReadOnlyList<Journey> All(DateTimeOffset now) =>
    [
        new Journey
        {
            Key = Welcome, Name = "Welcome to self-service", Triggers = JourneyTriggers.MoveToSelfService | JourneyTriggers.MovedIntoClassC,
            Goal = JourneyGoal.SelfServiceOrder, UpdatedAt = now,
            Steps =
            [
                new JourneyStep { Position = 0, Kind = JourneyStepKind.Invite },
                new JourneyStep
                {
                    Position = 1, Kind = JourneyStepKind.Mail, Articles = JourneyArticles.TopArticlesAsList,
                    SubjectEn = "{company}: reorder in two clicks",
                    BodyEn = "Hello {contact},\n\nyou can order everything {company} buys from us online, at any time, at your own prices. We have put your most frequent articles on a reorder list:\n\n{articles}\n\nOpen the list, check the quantities, and the order is placed in two clicks.\n\nIf you have questions, {rep} is glad to help.",
                    SubjectDe = "{company}: Nachbestellen mit zwei Klicks",
                    BodyDe = "Hallo {contact},\n\nalles, was {company} bei uns kauft, können Sie jederzeit online zu Ihren Preisen bestellen. Ihre häufigsten Artikel haben wir auf eine Bestellvorlage gesetzt:\n\n{articles}\n\nÖffnen Sie die Vorlage, prüfen Sie die Mengen – mit zwei Klicks ist bestellt.\n\nBei Fragen hilft Ihnen {rep} gerne weiter.",
                },
                new JourneyStep { Position = 2, Kind = JourneyStepKind.Wait, WaitDays = 14 },
                new JourneyStep { Position = 3, Kind = JourneyStepKind.Check, Condition = JourneyCondition.NoSelfServiceOrder },
                new JourneyStep { Position = 4, Kind = JourneyStepKind.Task, TaskKind = CareTaskKind.MoveToSelfService, TaskText = HelpFirstOnlineOrder },
            ],
        },
        new Journey
        {
            Key = WeMissYou, Name = "We miss you", Triggers = JourneyTriggers.Reactivate, Goal = JourneyGoal.AnyOrder, UpdatedAt = now,
            Steps =
            [
                new JourneyStep
                {
                    Position = 0, Kind = JourneyStepKind.Mail, Articles = JourneyArticles.FrequentlyOrdered,
                    SubjectEn = "We miss you, {company}",
                    BodyEn = "Hello {contact},\n\nit has been a while since {company} last ordered from us. Here is what you ordered most often, at your current prices:\n\n{articles}\n\nIf anything was not right, tell {rep} — we would like to hear it.",
                    SubjectDe = "Wir vermissen Sie, {company}",
                    BodyDe = "Hallo {contact},\n\n{company} hat schon eine Weile nicht mehr bei uns bestellt. Das haben Sie am häufigsten bestellt, zu Ihren aktuellen Preisen:\n\n{articles}\n\nWenn etwas nicht gepasst hat, sagen Sie es {rep} – wir möchten es gerne wissen.",
                },
                new JourneyStep { Position = 1, Kind = JourneyStepKind.Wait, WaitDays = 21 },
                new JourneyStep { Position = 2, Kind = JourneyStepKind.Check, Condition = JourneyCondition.NoOrder },
                new JourneyStep { Position = 3, Kind = JourneyStepKind.Task, TaskKind = CareTaskKind.Reactivate, TaskText = CallAboutReactivation },
            ],
        },
        new Journey
        {
            Key = ReviewTerms, Name = "Review terms", Triggers = JourneyTriggers.ReviewTerms, Goal = JourneyGoal.None, UpdatedAt = now,
            Steps =
            [
                new JourneyStep { Position = 0, Kind = JourneyStepKind.Task, TaskKind = CareTaskKind.ReviewTerms, TaskText = ReviewTermsTask, AttachFigures = true },
            ],
        },
        new Journey
        {
            // The reorder reminder (Reordering/ReorderReminders) as a journey: it enrols each overdue list once per
            // overdue period and sends its reminder itself, so switching this journey off stops the reminders.
            Key = ReorderReminder, Name = "Time to reorder", Triggers = JourneyTriggers.OverdueReorder, Goal = JourneyGoal.None, UpdatedAt = now,
            Steps = [new JourneyStep { Position = 0, Kind = JourneyStepKind.Mail }],
        },
    ];

    public static async Task EnsureAsync(PortalDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var existing = await db.Journeys.Select(j => j.Key).ToListAsync(cancellationToken);
        foreach (var journey in All(time.GetUtcNow()).Where(j => !existing.Contains(j.Key)))
        {
            db.Journeys.Add(journey);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance seeded it a moment ago.
                db.ChangeTracker.Clear();
            }
        }
    }
}
