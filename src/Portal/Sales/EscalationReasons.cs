using System.Globalization;
using Microsoft.Extensions.Localization;
using Portal.Segmentation;

namespace Portal.Sales;

/// The reasons the portal writes when it opens an escalation. Like segmentation reasons they are stored in English
/// with invariant numbers and shown in the reader's language; a reason a clerk typed matches no template and is
/// shown as typed.
public static class EscalationReasons
{
    public static readonly ReasonTemplate CreditLimit = new("Order {0:text} ({1:amount} EUR) would bring open receivables to {2:amount} EUR, over the credit limit of {3:amount} EUR.");
    public static readonly ReasonTemplate UnusualOrderValue = new("Order {0:text} is worth {1:amount} EUR net, {2:number} × the customer's median order value of {3:amount} EUR.");
    public static readonly ReasonTemplate CreditLimitAndUnusualOrderValue = new("Order {0:text} ({1:amount} EUR) would bring open receivables to {2:amount} EUR, over the credit limit of {3:amount} EUR. Order {4:text} is worth {5:amount} EUR net, {6:number} × the customer's median order value of {7:amount} EUR.");
    public static readonly ReasonTemplate OrderComment = new("Order {0:text}: {1:text}");
    public static readonly ReasonTemplate CallbackAboutOrder = new("Please call {0:text} about order {1:text}.");
    public static readonly ReasonTemplate CallbackAboutOrderWithQuestion = new("Please call {0:text} about order {1:text}. Question: {2:text}");
    public static readonly ReasonTemplate CallbackAboutProduct = new("Please call {0:text} about the product “{1:text}”.");
    public static readonly ReasonTemplate CallbackAboutProductWithQuestion = new("Please call {0:text} about the product “{1:text}”. Question: {2:text}");
    public static readonly ReasonTemplate NotInCatalog = new("Requested: {0:text} – by {1:text}");
    public static readonly ReasonTemplate QuoteRequest = new("Quote {0:text} requested by {1:text}: {2:text}");
    public static readonly ReasonTemplate NotInCatalogAfterSearch = new("Requested: {0:text} – searched for “{1:text}” – by {2:text}");

    // Longest first: a combined reason must not be read as a credit-limit reason with a long order number.
    private static readonly ReasonTemplate[] All =
    [
        CreditLimitAndUnusualOrderValue, CreditLimit, UnusualOrderValue,
        CallbackAboutOrderWithQuestion, CallbackAboutOrder, CallbackAboutProductWithQuestion, CallbackAboutProduct,
        NotInCatalogAfterSearch, NotInCatalog, QuoteRequest, OrderComment,
    ];

    /// Amounts as stored: invariant, two decimals.
    public static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Display(string reason, IStringLocalizer t) => ReasonTemplate.Display(All, reason, t);
}
