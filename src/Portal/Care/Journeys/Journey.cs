using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Customers;
using Portal.Sales;

namespace Portal.Care.Journeys;

/// A journey: automated care steps (mail, wait, check, task) a customer runs through once a trigger enrols it, until
/// the goal is met, the steps are done, or someone takes it out by hand. Shipped journeys are found by their Key.
public class Journey
{
    public int Id { get; set; }

    /// The shipped journey's stable name in code ("welcome-self-service"); seeding finds it by this.
    public required string Key { get; set; }

    /// The English name, also its translation key.
    public required string Name { get; set; }
    public JourneyTriggers Triggers { get; set; }
    public JourneyGoal Goal { get; set; }
    public bool IsEnabled { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public List<JourneyStep> Steps { get; set; } = [];
}

/// What starts a journey. A journey may listen to several (Welcome to self-service: the segmentation's
/// MoveToSelfService action, or a move into class C).
[Flags]
public enum JourneyTriggers
{
    None = 0,
    MoveToSelfService = 1,
    Reactivate = 2,
    ReviewTerms = 4,
    MovedIntoClassC = 8,
    FirstSignIn = 16,
    OverdueReorder = 32,
}

/// When a customer leaves a journey as converted.
public enum JourneyGoal
{
    None = 0,

    /// An order through self-service (shop, reorder list, quick order, CSV, API) since the journey started.
    SelfServiceOrder = 1,

    /// Any order since the journey started.
    AnyOrder = 2,
}

public class JourneyStep
{
    public int Id { get; set; }
    public int JourneyId { get; set; }

    /// 0, 1, 2, … in the order the steps run.
    public int Position { get; set; }
    public JourneyStepKind Kind { get; set; }

    /// Wait: how many days.
    public int WaitDays { get; set; }

    /// Check: what must still hold to go on; when it no longer holds the customer leaves the journey.
    public JourneyCondition Condition { get; set; }

    /// Task: the task's kind for the rep, and its text (English, a translation key).
    public CareTaskKind? TaskKind { get; set; }
    public string? TaskText { get; set; }

    /// Task: attach the customer's figures from the latest segmentation run to the task.
    public bool AttachFigures { get; set; }

    /// Mail: which articles fill {articles}.
    public JourneyArticles Articles { get; set; }

    /// Mail: subject and body per language, with the placeholders {company}, {contact}, {rep} and {articles}.
    public string? SubjectEn { get; set; }
    public string? BodyEn { get; set; }
    public string? SubjectDe { get; set; }
    public string? BodyDe { get; set; }
}

public enum JourneyStepKind
{
    /// A mail to every user and contact of the company (not to unsubscribed addresses).
    Mail = 0,

    /// An invitation into the portal for every contact of the company without an account (transactional).
    Invite = 1,
    Wait = 2,
    Check = 3,

    /// A task for the customer's rep.
    Task = 4,
}

public enum JourneyCondition
{
    /// No order through self-service since the journey started.
    NoSelfServiceOrder = 0,

    /// No order at all since the journey started.
    NoOrder = 1,
}

public enum JourneyArticles
{
    None = 0,

    /// The company's own top articles, saved as a reorder list the mail's link opens.
    TopArticlesAsList = 1,

    /// The company's frequently ordered articles at its current prices.
    FrequentlyOrdered = 2,
}

/// One customer's way through one journey. ActiveKey is "journey:customer" while active and null afterwards, and
/// unique: a customer is in a journey at most once at a time, whatever how many instances enrol it. SourceKey names
/// what enrolled it ("action:17", "class:42"), unique per journey, so one trigger enrols once.
/// The runner claims a due enrolment with a lease (LeaseUntil, ClaimedBy) like the mail outbox.
public class JourneyEnrolment
{
    public long Id { get; set; }
    public int JourneyId { get; set; }
    public Journey? Journey { get; set; }
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public required string SourceKey { get; set; }
    public long? SegmentationActionId { get; set; }
    public DateTimeOffset StartedAt { get; set; }

    /// The position of the step that runs next (equal to the step count once all ran).
    public int CurrentStep { get; set; }
    public DateTimeOffset NextDueAt { get; set; }
    public JourneyEnrolmentStatus Status { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// Who took the customer out by hand.
    public string? EndedBy { get; set; }
    public string? ActiveKey { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? ClaimedBy { get; set; }

    public static string KeyFor(int journeyId, int customerId) => $"{journeyId}:{customerId}";
}

public enum JourneyEnrolmentStatus
{
    Active = 0,

    /// The goal was met (e.g. the first self-service order).
    Converted = 1,

    /// All steps ran, or a check ended it, without the goal.
    Completed = 2,
    TakenOut = 3,
}

internal sealed class JourneyConfiguration : IEntityTypeConfiguration<Journey>
{
    public void Configure(EntityTypeBuilder<Journey> builder)
    {
        builder.HasIndex(j => j.Key).IsUnique();
        builder.Property(j => j.Key).HasMaxLength(64);
        builder.Property(j => j.Name).HasMaxLength(200);
        builder.Property(j => j.UpdatedBy).HasMaxLength(200);
        builder.Property(j => j.Goal).HasConversion<string>().HasMaxLength(24);
        builder.HasMany(j => j.Steps).WithOne().HasForeignKey(s => s.JourneyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JourneyStepConfiguration : IEntityTypeConfiguration<JourneyStep>
{
    public void Configure(EntityTypeBuilder<JourneyStep> builder)
    {
        builder.HasIndex(s => new { s.JourneyId, s.Position }).IsUnique();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Condition).HasConversion<string>().HasMaxLength(24);
        builder.Property(s => s.TaskKind).HasConversion<string>().HasMaxLength(24);
        builder.Property(s => s.Articles).HasConversion<string>().HasMaxLength(24);
        builder.Property(s => s.TaskText).HasMaxLength(500);
        builder.Property(s => s.SubjectEn).HasMaxLength(200);
        builder.Property(s => s.SubjectDe).HasMaxLength(200);
        builder.Property(s => s.BodyEn).HasMaxLength(4000);
        builder.Property(s => s.BodyDe).HasMaxLength(4000);
    }
}

internal sealed class JourneyEnrolmentConfiguration : IEntityTypeConfiguration<JourneyEnrolment>
{
    public void Configure(EntityTypeBuilder<JourneyEnrolment> builder)
    {
        builder.HasIndex(e => new { e.JourneyId, e.SourceKey }).IsUnique();
        builder.HasIndex(e => e.ActiveKey).IsUnique();
        builder.HasIndex(e => new { e.Status, e.NextDueAt });
        builder.HasIndex(e => new { e.JourneyId, e.Status, e.CurrentStep });
        builder.HasIndex(e => new { e.CustomerId, e.JourneyId });
        builder.Property(e => e.SourceKey).HasMaxLength(64);
        builder.Property(e => e.ActiveKey).HasMaxLength(32);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.EndedBy).HasMaxLength(200);
        builder.Property(e => e.ClaimedBy).HasMaxLength(100);
        builder.HasOne(e => e.Journey).WithMany().HasForeignKey(e => e.JourneyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Customer).WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Segmentation.SegmentationAction>().WithMany().HasForeignKey(e => e.SegmentationActionId).OnDelete(DeleteBehavior.SetNull);
    }
}
