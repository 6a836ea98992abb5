using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Sales;

/// A piece of the care plan for the customer's rep: a call or visit the strategy's care intensity asks for, or a
/// segmentation action (move to self-service, reactivate) to follow up. At most one open task per customer and
/// kind: OpenKey is "customer:kind" while the task is open and null afterwards, and it is unique, so two generators
/// running at once (two instances, the worker and a segmentation run) cannot both add one.
public class CareTask
{
    public long Id { get; set; }
    public int CustomerId { get; set; }
    public Customers.Customer? Customer { get; set; }
    public CareTaskKind Kind { get; set; }
    public CareTaskStatus Status { get; set; } = CareTaskStatus.Open;
    public required string AssignedUserId { get; set; }
    public DateOnly DueOn { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// The segmentation action the task follows up, for MoveToSelfService and Reactivate.
    public long? SegmentationActionId { get; set; }

    /// The journey enrolment whose task step created it (Care/Journeys); the care plan leaves these alone.
    public long? JourneyEnrolmentId { get; set; }

    /// How often the rep moved the due date.
    public int Snoozes { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedByUserId { get; set; }
    public string? Outcome { get; set; }
    public string? OpenKey { get; set; }

    public static string KeyFor(int customerId, CareTaskKind kind) => $"{customerId}:{kind}";
}

public enum CareTaskKind
{
    Call = 0,
    Visit = 1,
    MoveToSelfService = 2,
    Reactivate = 3,

    /// The segmentation's ReviewTerms action, followed up by the Review terms journey.
    ReviewTerms = 4,
}

public enum CareTaskStatus
{
    Open = 0,
    Done = 1,

    /// Its reason went away: the strategy no longer asks for it, or the segmentation action is closed.
    Cancelled = 2,
}

public static class CareTaskText
{
    /// The English name shown for a kind (and the key of its translation).
    public static string KindName(CareTaskKind kind) => kind switch
    {
        CareTaskKind.Call => "Care call",
        CareTaskKind.Visit => "Care visit",
        CareTaskKind.MoveToSelfService => "Move to self-service",
        CareTaskKind.ReviewTerms => "Review terms",
        _ => "Reactivate",
    };

    public static string StatusName(CareTaskStatus status) => status switch
    {
        CareTaskStatus.Open => "Open",
        CareTaskStatus.Done => "Done",
        _ => "Cancelled",
    };
}

internal sealed class CareTaskConfiguration : IEntityTypeConfiguration<CareTask>
{
    public void Configure(EntityTypeBuilder<CareTask> builder)
    {
        builder.HasIndex(t => t.OpenKey).IsUnique();
        builder.HasIndex(t => new { t.AssignedUserId, t.Status, t.DueOn });
        builder.HasIndex(t => new { t.CustomerId, t.Status });
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Reason).HasMaxLength(1000);
        builder.Property(t => t.Outcome).HasMaxLength(2000);
        builder.Property(t => t.OpenKey).HasMaxLength(40);
        builder.HasOne(t => t.Customer).WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(t => t.AssignedUserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(t => t.ClosedByUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Segmentation.SegmentationAction>().WithMany().HasForeignKey(t => t.SegmentationActionId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Care.Journeys.JourneyEnrolment>().WithMany().HasForeignKey(t => t.JourneyEnrolmentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(t => t.JourneyEnrolmentId);
    }
}

/// A change of a customer's revenue potential by staff, with the reason. The potential feeds the next segmentation
/// run (the class is decided on the larger of revenue and potential), so every change is kept.
public class PotentialChange
{
    public long Id { get; set; }
    public int CustomerId { get; set; }
    public DateTimeOffset At { get; set; }
    public decimal? From { get; set; }
    public decimal? To { get; set; }
    public required string Reason { get; set; }
    public string? UserId { get; set; }
    public required string ChangedBy { get; set; }
}

internal sealed class PotentialChangeConfiguration : IEntityTypeConfiguration<PotentialChange>
{
    public void Configure(EntityTypeBuilder<PotentialChange> builder)
    {
        builder.HasIndex(p => new { p.CustomerId, p.At });
        builder.Property(p => p.From).HasPrecision(18, 2);
        builder.Property(p => p.To).HasPrecision(18, 2);
        builder.Property(p => p.Reason).HasMaxLength(500);
        builder.Property(p => p.ChangedBy).HasMaxLength(200);
        builder.HasOne<Customers.Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Identity.PortalUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
