using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Ordering;

namespace Portal.Api;

public sealed record ShipmentRequest(string? Carrier, string? TrackingNumber, DateTimeOffset? ShippedAt, IReadOnlyList<ShipmentLineRequest>? Lines);

public sealed record ShipmentLineRequest(int LineNumber, int Quantity);

public sealed record CancelRequest(string? Reason);

/// The order's state after a report, as the ERP needs it to go on.
public sealed record OrderStateResponse(string Number, OrderStatus Status);

/// Shipments, invoices and cancellations reported by the ERP (scope orders:write).
public static class FulfilmentEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders").RequireAuthorization(ApiScopes.OrdersWrite);

        orders.MapPost("/{number}/shipments", async Task<Results<Ok<OrderStateResponse>, ValidationProblem, ProblemHttpResult>> (string number, ShipmentRequest request, ErpOrders erp, CancellationToken cancellationToken) =>
            {
                var errors = new ApiErrors();
                var carrier = Text(request.Carrier, "carrier", errors);
                var tracking = Text(request.TrackingNumber, "trackingNumber", errors);
                if (request.Lines is not { Count: > 0 })
                {
                    errors.Add("lines", "Name at least one order line and the packs shipped.");
                }

                if (errors.Any)
                {
                    return errors.ToProblem();
                }

                var outcome = await erp.RecordShipmentAsync(number, new ShipmentReport(carrier!, tracking!, request.ShippedAt, request.Lines!.Select(l => (l.LineNumber, l.Quantity)).ToList()), cancellationToken);
                return Answer(number, outcome);
            })
            .WithName("ReportShipment")
            .WithSummary("A shipment of some or all packs: the buyer gets a mail with the tracking number. Fully shipped, the order is Shipped (Completed once also invoiced).")
            .WithDescription("Lines are the order lines' lineNumber from the feed; the same carrier and tracking number again is taken as a repeat and changes nothing.");

        orders.MapPost("/{number}/invoices", async Task<Results<Ok<OrderStateResponse>, ValidationProblem, ProblemHttpResult>> (
                string number,
                [FromForm] string? invoiceNumber,
                [FromForm] string? invoiceDate,
                [FromForm] string? dueDate,
                [FromForm] string? amount,
                IFormFile? pdf,
                ErpOrders erp,
                CancellationToken cancellationToken) =>
            {
                var errors = new ApiErrors();
                var invoice = Text(invoiceNumber, "invoiceNumber", errors, ErpOrders.ErpNumberLength);
                var issued = Date(invoiceDate, "invoiceDate", errors);
                var due = Date(dueDate, "dueDate", errors);
                if (!decimal.TryParse(amount, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var gross) || gross <= 0)
                {
                    errors.Add("amount", "The invoice's gross amount, a positive number with a decimal point (e.g. 133.76).");
                }

                var bytes = await PdfAsync(pdf, errors, cancellationToken);
                if (issued is not null && due is not null && due < issued)
                {
                    errors.Add("dueDate", "The due date cannot be before the invoice date.");
                }

                if (errors.Any)
                {
                    return errors.ToProblem();
                }

                var outcome = await erp.RecordInvoiceAsync(number, new InvoiceReport(invoice!, issued!.Value, due!.Value, decimal.Round(gross, 2), bytes!), cancellationToken);
                return Answer(number, outcome);
            })
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(Fulfilment.MaxPdfBytes + 1024 * 1024))
            .WithName("ReportInvoice")
            .WithSummary("An invoice with its PDF (multipart/form-data, at most 5 MB): the buyer gets a mail and downloads it on the order page.")
            .WithDescription("Fields: invoiceNumber, invoiceDate and dueDate (yyyy-MM-dd), amount (gross, e.g. 133.76), pdf (the file). The same invoice number again for the same order is taken as a repeat.");

        orders.MapPost("/{number}/cancel", async Task<Results<Ok<OrderStateResponse>, ValidationProblem, ProblemHttpResult>> (string number, CancelRequest request, ErpOrders erp, CancellationToken cancellationToken) =>
            {
                var errors = new ApiErrors();
                var reason = Text(request.Reason, "reason", errors, 500);
                if (errors.Any)
                {
                    return errors.ToProblem();
                }

                return Answer(number, await erp.CancelAsync(number, reason!, cancellationToken));
            })
            .WithName("CancelOrder")
            .WithSummary("The ERP cancels the order: a card payment is refunded and the buyer gets the usual cancellation mail with the reason.")
            .WithDescription("Cancelling a cancelled order again changes nothing; a shipped or completed order can no longer be cancelled (409).");
    }

    private static Results<Ok<OrderStateResponse>, ValidationProblem, ProblemHttpResult> Answer(string number, ErpOutcome outcome) => outcome.Change switch
    {
        ErpChange.NotFound => ApiProblems.NotFound($"No order {number} in the feed."),
        ErpChange.Conflict => ApiProblems.Conflict(outcome.Detail!),
        ErpChange.Invalid => ApiProblems.Invalid(outcome.Errors!),
        _ => TypedResults.Ok(new OrderStateResponse(outcome.Order!.Number, outcome.Order.Status)),
    };

    private static string? Text(string? value, string field, ApiErrors errors, int maxLength = ErpOrders.TextLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > maxLength)
        {
            errors.Add(field, $"Required, at most {maxLength} characters.");
            return null;
        }

        return text;
    }

    private static DateOnly? Date(string? value, string field, ApiErrors errors)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(field, "A date as yyyy-MM-dd.");
        return null;
    }

    private static async Task<byte[]?> PdfAsync(IFormFile? pdf, ApiErrors errors, CancellationToken cancellationToken)
    {
        if (pdf is null || pdf.Length == 0)
        {
            errors.Add("pdf", "Attach the invoice as a PDF file.");
            return null;
        }

        if (pdf.Length > Fulfilment.MaxPdfBytes)
        {
            errors.Add("pdf", "The PDF may be at most 5 MB.");
            return null;
        }

        using var buffer = new MemoryStream((int)pdf.Length);
        await pdf.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        // Served to buyers as application/pdf: it has to be one.
        if (!bytes.AsSpan().StartsWith("%PDF-"u8))
        {
            errors.Add("pdf", "The file is not a PDF.");
            return null;
        }

        return bytes;
    }
}
