using Microsoft.Extensions.Localization;
using Portal.Mail;
using Portal.Mail.Templates;

namespace Portal.Purchasing;

/// To the company admins: a colleague's order waits for their approval.
public sealed record ApprovalRequestMail(string RecipientName, string BuyerName, string OrderNumber, decimal TotalNet, bool OverOrderLimit, decimal? OrderLimit, bool BeyondBudget, decimal? BudgetLeft, Uri Link) : MailTemplate
{
    public override string Kind => "ApprovalRequest";
    public override Type HtmlTemplate => typeof(ApprovalRequestHtml);
    public override Type TextTemplate => typeof(ApprovalRequestText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => t["Order {0} needs your approval", OrderNumber];
}

/// To the buyer: the company admin did not approve the order (with the reason), or approved a card order that now
/// waits for the payment. An approved order on account gets the usual order confirmation instead.
public sealed record ApprovalDecisionMail(string RecipientName, string OrderNumber, string DeciderName, bool Approved, string? Reason, Uri Link) : MailTemplate
{
    public override string Kind => "ApprovalDecision";
    public override Type HtmlTemplate => typeof(ApprovalDecisionHtml);
    public override Type TextTemplate => typeof(ApprovalDecisionText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) =>
        Approved ? t["Order {0} approved: please pay now", OrderNumber] : t["Order {0} was not approved", OrderNumber];
}

/// To the buyer who asked: the quote is written and can be accepted until the day it holds.
public sealed record QuoteReadyMail(string RecipientName, string QuoteNumber, DateOnly ValidUntil, Uri Link) : MailTemplate
{
    public override string Kind => "QuoteReady";
    public override Type HtmlTemplate => typeof(QuoteReadyHtml);
    public override Type TextTemplate => typeof(QuoteReadyText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => t["Your quote {0} is ready", QuoteNumber];
}
