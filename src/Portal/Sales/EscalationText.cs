namespace Portal.Sales;

public static class EscalationText
{
    /// The English name shown for a type (and the key of its translation).
    public static string TypeName(EscalationType type) => type switch
    {
        EscalationType.CreditLimit => "Over the credit limit",
        EscalationType.UnusualOrderValue => "Unusual order value",
        EscalationType.PaymentFailed => "Payment failed",
        EscalationType.CallbackRequest => "Please call me",
        EscalationType.NotInCatalog => "Not in the catalog",
        EscalationType.OrderComment => "Order comment",
        EscalationType.QuoteRequest => "Quote request",
        _ => "Opened by hand",
    };

    public static string OutcomeName(EscalationOutcome outcome) => outcome switch
    {
        EscalationOutcome.Approved => "Approved",
        EscalationOutcome.Rejected => "Rejected",
        EscalationOutcome.Edited => "Order edited",
        EscalationOutcome.Quoted => "Quote written",
        _ => "Called, settled",
    };
}
