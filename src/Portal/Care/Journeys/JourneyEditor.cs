using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Care.Journeys;

/// What inside sales change on /sales/care: a journey on or off, a step's wait and mail texts, a customer taken out
/// by hand. Messages are translation keys; null means done.
public sealed class JourneyEditor(PortalDbContext db, TimeProvider time)
{
    public const int MaxWaitDays = 365;

    /// Off: nobody new enters; those in it go on to its end (or are taken out by hand).
    public async Task<bool> SetEnabledAsync(int journeyId, bool enabled, string user, CancellationToken cancellationToken) =>
        await db.Journeys.Where(j => j.Id == journeyId).ExecuteUpdateAsync(u => u
            .SetProperty(j => j.IsEnabled, enabled)
            .SetProperty(j => j.UpdatedAt, time.GetUtcNow())
            .SetProperty(j => j.UpdatedBy, user), cancellationToken) == 1;

    public sealed record StepInput(int? WaitDays, string? SubjectEn, string? BodyEn, string? SubjectDe, string? BodyDe);

    public async Task<string?> UpdateStepAsync(int journeyId, int stepId, StepInput input, string user, CancellationToken cancellationToken)
    {
        var step = await db.JourneySteps.SingleOrDefaultAsync(s => s.Id == stepId && s.JourneyId == journeyId, cancellationToken);
        if (step is null)
        {
            return "This step no longer exists.";
        }

        switch (step.Kind)
        {
            case JourneyStepKind.Wait:
                if (input.WaitDays is not { } days || days < 1 || days > MaxWaitDays)
                {
                    return "The wait must be between 1 and 365 days.";
                }

                step.WaitDays = days;
                break;
            case JourneyStepKind.Mail when step.SubjectEn is not null:
                var texts = new[] { input.SubjectEn, input.BodyEn, input.SubjectDe, input.BodyDe }.Select(t => (t ?? "").Trim()).ToArray();
                if (texts.Any(t => t.Length == 0))
                {
                    return "Please fill in subject and text in both languages.";
                }

                if (texts[0].Length > 200 || texts[2].Length > 200 || texts[1].Length > 4000 || texts[3].Length > 4000)
                {
                    return "The subject can be at most 200 characters long, the text at most 4,000.";
                }

                (step.SubjectEn, step.BodyEn, step.SubjectDe, step.BodyDe) = (texts[0], texts[1], texts[2], texts[3]);
                break;
            default:
                return "This step has nothing to edit.";
        }

        var journey = await db.Journeys.SingleAsync(j => j.Id == journeyId, cancellationToken);
        journey.UpdatedAt = time.GetUtcNow();
        journey.UpdatedBy = user;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// Ends an active enrolment. A step the runner is running right now loses: its move on requires the enrolment
    /// to be active, so its mails and task are rolled back.
    public async Task<bool> TakeOutAsync(int journeyId, long enrolmentId, string user, CancellationToken cancellationToken) =>
        await db.JourneyEnrolments.Where(e => e.Id == enrolmentId && e.JourneyId == journeyId && e.Status == JourneyEnrolmentStatus.Active)
            .ExecuteUpdateAsync(u => u
                .SetProperty(e => e.Status, JourneyEnrolmentStatus.TakenOut)
                .SetProperty(e => e.EndedAt, time.GetUtcNow())
                .SetProperty(e => e.EndedBy, user)
                .SetProperty(e => e.ActiveKey, (string?)null), cancellationToken) == 1;
}
