using Microsoft.Extensions.Localization;

namespace Portal.Care.Journeys;

/// How journeys, triggers and steps read on /sales/care, in the reader's language (English texts are the keys).
public static class JourneyText
{
    public static string TriggerName(JourneyTriggers trigger) => trigger switch
    {
        JourneyTriggers.MoveToSelfService => "Segmentation: move to self-service",
        JourneyTriggers.Reactivate => "Segmentation: reactivate",
        JourneyTriggers.ReviewTerms => "Segmentation: review terms",
        JourneyTriggers.MovedIntoClassC => "Moved into class C",
        JourneyTriggers.FirstSignIn => "The company's first sign-in",
        _ => "Overdue reorder",
    };

    public static string Triggers(JourneyTriggers triggers, IStringLocalizer t) =>
        string.Join(t[" or "], Enum.GetValues<JourneyTriggers>().Where(v => v != JourneyTriggers.None && triggers.HasFlag(v)).Select(v => t[TriggerName(v)].Value));

    public static string GoalName(JourneyGoal goal) => goal switch
    {
        JourneyGoal.SelfServiceOrder => "Leaves on the first self-service order",
        JourneyGoal.AnyOrder => "Leaves on the next order",
        _ => "Runs to its last step",
    };

    public static string StatusName(JourneyEnrolmentStatus status) => status switch
    {
        JourneyEnrolmentStatus.Active => "In progress",
        JourneyEnrolmentStatus.Converted => "Converted",
        JourneyEnrolmentStatus.Completed => "Completed",
        _ => "Taken out",
    };

    public static string Step(JourneyStep step, IStringLocalizer t) => step.Kind switch
    {
        JourneyStepKind.Invite => t["Invite every contact without a portal account"],
        JourneyStepKind.Mail when step.SubjectEn is null => t["The reorder reminder to the company's users"],
        JourneyStepKind.Mail => step.Articles switch
        {
            JourneyArticles.TopArticlesAsList => t["Mail with the company's top articles as a ready reorder list"],
            JourneyArticles.FrequentlyOrdered => t["Mail with the frequently ordered articles at current prices"],
            _ => t["Mail"],
        },
        JourneyStepKind.Wait => step.WaitDays == 1 ? t["Wait 1 day"] : t["Wait {0} days", step.WaitDays],
        JourneyStepKind.Check => step.Condition == JourneyCondition.NoSelfServiceOrder
            ? t["Go on only if no self-service order since the start"]
            : t["Go on only if no order since the start"],
        _ => t["Task for the rep: {0}", t[step.TaskText ?? ""]],
    };

    /// "Step 2" for position 1; the position after the last step reads "At the end".
    public static string StepNumber(int position, int count, IStringLocalizer t) =>
        position >= count ? t["At the end"] : t["Step {0}", position + 1];
}
