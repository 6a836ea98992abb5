using Microsoft.Extensions.Localization;
using Portal.Mail;
using Portal.Mail.Templates;

namespace Portal.Ordering;

/// The ERP reported a shipment: the buyer gets the carrier, the tracking number and what is in it.
public sealed record OrderShippedMail(string RecipientName, string OrderNumber, string Carrier, string TrackingNumber, bool Complete, IReadOnlyList<(string Description, int Quantity)> Lines, Uri Link) : MailTemplate
{
    public override string Kind => "OrderShipped";
    public override Type HtmlTemplate => typeof(OrderShippedHtml);
    public override Type TextTemplate => typeof(OrderShippedText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => t["Order {0} is on its way", OrderNumber];
}

/// The ERP sent an invoice: the buyer learns the amount and due date and downloads it on the order page.
public sealed record OrderInvoicedMail(string RecipientName, string OrderNumber, string InvoiceNumber, decimal AmountGross, DateOnly DueDate, Uri Link) : MailTemplate
{
    public override string Kind => "OrderInvoiced";
    public override Type HtmlTemplate => typeof(OrderInvoicedHtml);
    public override Type TextTemplate => typeof(OrderInvoicedText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => t["Invoice {0} for order {1}", InvoiceNumber, OrderNumber];
}
