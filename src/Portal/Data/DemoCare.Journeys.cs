using Microsoft.EntityFrameworkCore;
using Portal.Care.Journeys;
using Portal.Customers;
using Portal.Segmentation;

namespace Portal.Data;

/// The journeys on the demo's first start, after its segmentation run: every customer with an open action is in the
/// journey that follows it up, started some days ago and now waiting at the journey's wait (its mails count as sent
/// before the demo began, so a first start mails nobody); Review terms has its tasks. One round of the runner then
/// does what is due today: whoever waited long enough and did not order online gets the rep's task, whoever did
/// leaves as converted. A few contact persons without a portal account are there for the welcome invitation.
public sealed class DemoCareJourneys(PortalDbContext db, JourneyRunner runner, TimeProvider time)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await JourneyDefaults.EnsureAsync(db, time, cancellationToken);
        await SeedContactsAsync(cancellationToken);
        var journeys = await db.Journeys.AsNoTracking().Include(j => j.Steps).ToDictionaryAsync(j => j.Key, cancellationToken);
        var actions = await db.SegmentationActions.AsNoTracking().Where(a => a.Status == SegmentationActionStatus.Open)
            .OrderBy(a => a.CustomerId).ThenBy(a => a.Kind).Select(a => new { a.Id, a.CustomerId, a.Kind }).ToListAsync(cancellationToken);
        // The month-end runs' moves into class C of the last weeks start the welcome journey too.
        var since = now.AddDays(-30);
        var moves = await db.CustomerSegmentChanges.AsNoTracking()
            .Where(c => c.ToSegment == Segment.C && c.FromSegment != null && c.FromSegment != Segment.C && c.At >= since)
            .Select(c => new { c.Id, c.CustomerId }).ToListAsync(cancellationToken);
        var sources = actions.Select(a => (Key: a.Kind switch
            {
                SegmentationActionKind.MoveToSelfService => JourneyDefaults.Welcome,
                SegmentationActionKind.Reactivate => JourneyDefaults.WeMissYou,
                _ => JourneyDefaults.ReviewTerms,
            }, a.CustomerId, Source: $"action:{a.Id}", ActionId: (long?)a.Id))
            .Concat(moves.Select(m => (Key: JourneyDefaults.Welcome, m.CustomerId, Source: $"class:{m.Id}", ActionId: (long?)null)))
            .DistinctBy(s => (s.Key, s.CustomerId)).ToList();
        var index = 0;
        foreach (var action in sources)
        {
            var journey = journeys[action.Key];
            var wait = journey.Steps.FirstOrDefault(s => s.Kind == JourneyStepKind.Wait);
            // Spread over the last three weeks, deterministic: some still waiting, some due today.
            var started = now.AddDays(-(index++ * 5 % 22)).AddHours(-2);
            db.JourneyEnrolments.Add(new JourneyEnrolment
            {
                JourneyId = journey.Id,
                CustomerId = action.CustomerId,
                SourceKey = action.Source,
                SegmentationActionId = action.ActionId,
                StartedAt = started,
                CurrentStep = wait is null ? 0 : wait.Position + 1,
                NextDueAt = wait is null ? started : started.AddDays(wait.WaitDays),
                Status = JourneyEnrolmentStatus.Active,
                ActiveKey = JourneyEnrolment.KeyFor(journey.Id, action.CustomerId),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await runner.RunOnceAsync(cancellationToken);
    }

    /// Two named companies have a colleague in the ERP's contacts who has no portal account yet.
    private async Task SeedContactsAsync(CancellationToken cancellationToken)
    {
        var companies = await db.Customers.Where(c => c.Number == "10004" || c.Number == "10005").Select(c => new { c.Id, c.Number }).ToListAsync(cancellationToken);
        foreach (var company in companies)
        {
            db.CustomerContacts.Add(company.Number == "10004"
                ? new CustomerContact { CustomerId = company.Id, Name = "Emre Yılmaz", Email = "emre@yilmaz-service.example", Language = "de" }
                : new CustomerContact { CustomerId = company.Id, Name = "Lena Sommer", Email = "lena@tischlerei-sommer.example", Language = "de" });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
