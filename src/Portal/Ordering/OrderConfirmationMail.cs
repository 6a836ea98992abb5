using Microsoft.Extensions.Localization;
using Portal.Mail;
using Portal.Mail.Templates;

namespace Portal.Ordering;

/// The confirmation a buyer gets for an order: what was ordered, what it costs, where it goes, and whether it is
/// confirmed or still checked by inside sales, and, after inside sales changed it, why.
public sealed record OrderConfirmationMail(
    string RecipientName,
    string CompanyName,
    string OrderNumber,
    DateTimeOffset PlacedAt,
    OrderStatus Status,
    PaymentMethod PaymentMethod,
    string? CustomerReference,
    string? DeliveryAddress,
    string? DeliveryMethod,
    IReadOnlyList<OrderConfirmationMail.Line> Lines,
    decimal SubtotalNet,
    decimal SurchargeNet,
    decimal DeliveryNet,
    IReadOnlyList<VatAmount> Vat,
    decimal TotalGross,
    Uri Link,
    string? ChangeReason = null,
    decimal DropShipNet = 0) : MailTemplate
{
    /// InBundle: a pack size shipped as part of the bundle line above it. Partner: drop-shipped, with lead time.
    public sealed record Line(string Sku, string Description, int Quantity, decimal UnitPrice, decimal LineNet, bool InBundle = false, string? Partner = null, int? PartnerLeadTimeDays = null);

    public override string Kind => "OrderConfirmation";
    public override Type HtmlTemplate => typeof(OrderConfirmationHtml);
    public override Type TextTemplate => typeof(OrderConfirmationText);

    public override string Subject(IStringLocalizer t, SellerOptions seller) =>
        ChangeReason is not null ? t["Order {0} changed", OrderNumber]
        : Status == OrderStatus.AwaitingReview ? t["Order {0} received", OrderNumber]
        : t["Order {0} confirmed", OrderNumber];

    /// describe: a line's text for the recipient (the article in their language); without it, the stored text.
    public static OrderConfirmationMail For(Order order, string recipientName, string companyName, Uri link, string? changeReason = null, Func<OrderLine, string>? describe = null) => new(
        recipientName,
        companyName,
        order.Number,
        order.PlacedAt,
        order.Status,
        order.PaymentMethod,
        order.CustomerReference,
        order.DeliveryAddress,
        order.DeliveryMethod,
        order.Lines.OrderBy(l => l.LineNumber).Select(l => new Line(l.Sku, describe?.Invoke(l) ?? l.Description, l.Quantity, l.UnitPrice, l.LineNet, l.BundleLineNumber is not null, l.PartnerName, l.PartnerLeadTimeDays)).ToList(),
        order.SubtotalNet,
        order.SurchargeNet,
        order.DeliveryNet,
        OrderRules.Vat(order.Lines.Select(l => (l.TaxRate, l.LineNet)), order.SurchargeNet + order.DeliveryNet + order.DropShipNet),
        order.TotalGross,
        link,
        changeReason,
        order.DropShipNet);
}

/// Inside sales cancelled an order: the buyer learns why, and that a card payment is on its way back.
public sealed record OrderCancelledMail(string RecipientName, string OrderNumber, string Reason, decimal? RefundedGross, Uri Link) : MailTemplate
{
    public override string Kind => "OrderCancelled";
    public override Type HtmlTemplate => typeof(OrderCancelledHtml);
    public override Type TextTemplate => typeof(OrderCancelledText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => t["Order {0} has been cancelled", OrderNumber];
}

/// Inside sales could not accept a held order: the buyer learns why, in the words of the clerk.
public sealed record OrderRejectedMail(string RecipientName, string OrderNumber, string Reason, Uri Link) : MailTemplate
{
    public override string Kind => "OrderRejected";
    public override Type HtmlTemplate => typeof(OrderRejectedHtml);
    public override Type TextTemplate => typeof(OrderRejectedText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => t["Order {0} could not be accepted", OrderNumber];
}
