using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Sales;

public sealed class SalesOptions : IValidatableObject
{
    public const string SectionName = "Sales";

    /// How long inside sales has for each type before it shows as overdue in the queue. A held order waits for a
    /// decision, so those are short; a product wish is answered within days.
    public Dictionary<EscalationType, TimeSpan> Sla { get; set; } = [];

    /// An order is unusual when its goods value exceeds this many times the customer's median order value…
    [Range(1.5, 1000)]
    public decimal UnusualOrderFactor { get; set; } = 5m;

    /// …and only once the customer has this many earlier orders, so a median means something.
    [Range(1, 1000)]
    public int UnusualOrderMinOrders { get; set; } = 3;

    public static readonly IReadOnlyDictionary<EscalationType, TimeSpan> DefaultSla = new Dictionary<EscalationType, TimeSpan>
    {
        [EscalationType.CreditLimit] = TimeSpan.FromHours(4),
        [EscalationType.UnusualOrderValue] = TimeSpan.FromHours(4),
        [EscalationType.PaymentFailed] = TimeSpan.FromHours(4),
        [EscalationType.CallbackRequest] = TimeSpan.FromHours(8),
        [EscalationType.NotInCatalog] = TimeSpan.FromDays(2),
        [EscalationType.OrderComment] = TimeSpan.FromHours(4),
        [EscalationType.Manual] = TimeSpan.FromDays(1),
        [EscalationType.QuoteRequest] = TimeSpan.FromDays(1),
    };

    public TimeSpan SlaFor(EscalationType type) => Sla.TryGetValue(type, out var sla) ? sla : DefaultSla[type];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Sla.Where(s => s.Value <= TimeSpan.Zero || s.Value > TimeSpan.FromDays(60))
            .Select(s => new ValidationResult($"Sales:Sla:{s.Key} must be between 00:00:01 and 60 days.", [nameof(Sla)]));
}

/// Where escalations come in: every rule and form raises them here, so the due time always follows the SLA of its
/// type, and escalations that must not exist twice (an open callback for the same order) are made once.
public sealed class EscalationIntake(PortalDbContext db, IOptions<SalesOptions> options, Api.Webhooks webhooks, TimeProvider time)
{
    public sealed record Raised(Escalation Escalation, bool IsNew);

    public SalesOptions Options => options.Value;

    /// Adds an escalation to the caller's unit of work (saved with the order that caused it).
    public Escalation Add(EscalationType type, int customerId, string reason, Ordering.Order? order = null, int? orderId = null, int? productId = null, string? raisedByUserId = null, string? openKey = null)
    {
        var now = time.GetUtcNow();
        var escalation = new Escalation
        {
            Type = type,
            CustomerId = customerId,
            Order = order,
            OrderId = order is null ? orderId : null,
            ProductId = productId,
            RaisedByUserId = raisedByUserId,
            OpenKey = openKey,
            Reason = Fit(reason, 1000),
            CreatedAt = now,
            DueAt = now + Options.SlaFor(type),
        };
        db.Escalations.Add(escalation);
        webhooks.Raise(Api.WebhookEvents.EscalationOpened, customerId, new { type = type.ToString(), customerNumber = (string?)null, orderNumber = order?.Number, reason = escalation.Reason, dueAt = escalation.DueAt });
        return escalation;
    }

    /// Raises and saves an escalation that may exist only once while open. When one is open under the key already
    /// (or a second click raced this one), that one is returned and a follow-up text is added to it as a comment,
    /// so nothing the customer wrote is lost.
    public async Task<Raised> RaiseOnceAsync(string openKey, EscalationType type, int customerId, string reason, string? followUp, string author, int? orderId = null, int? productId = null, string? raisedByUserId = null, CancellationToken cancellationToken = default)
    {
        if (await OpenUnderAsync(openKey, cancellationToken) is { } existing)
        {
            await AddFollowUpAsync(existing, raisedByUserId, author, followUp, cancellationToken);
            return new Raised(existing, false);
        }

        var escalation = Add(type, customerId, reason, orderId: orderId, productId: productId, raisedByUserId: raisedByUserId, openKey: openKey);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new Raised(escalation, true);
        }
        catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            var winner = await OpenUnderAsync(openKey, cancellationToken) ?? throw new InvalidOperationException($"Escalation {openKey} could not be saved.");
            await AddFollowUpAsync(winner, raisedByUserId, author, followUp, cancellationToken);
            return new Raised(winner, false);
        }
    }

    public Task<Escalation?> OpenUnderAsync(string openKey, CancellationToken cancellationToken) =>
        db.Escalations.AsNoTracking().SingleOrDefaultAsync(e => e.OpenKey == openKey && e.Status == EscalationStatus.Open, cancellationToken);

    private async Task AddFollowUpAsync(Escalation escalation, string? userId, string author, string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text) || escalation.Reason.Contains(text.Trim(), StringComparison.Ordinal))
        {
            return;
        }

        db.EscalationComments.Add(new EscalationComment { EscalationId = escalation.Id, UserId = userId, Author = Fit(author, 200), Text = Fit(text.Trim(), 2000), At = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
    }

    public static string Fit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// Keys of escalations that exist once while open.
    public static class Keys
    {
        public static string CallbackForOrder(int orderId) => $"callback:order:{orderId}";
        public static string CallbackForProduct(int customerId, int productId) => $"callback:product:{customerId}:{productId}";

        /// The same wish from the same customer twice (a double submit, a second try) is one request.
        public static string NotInCatalog(int customerId, string request) =>
            Fit($"notincatalog:{customerId}:{Catalogs.SearchText.Fold(request)}", 200);
    }
}
