using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Api;
using Portal.Localization;
using Portal.Ordering;

namespace Portal.Data;

/// The ERP integration in the demo: an API client at /admin/api-clients, and on Malerbetrieb Kunz's most recent
/// orders what the ERP reports back: the last one acknowledged, the one before it shipped with a tracking number
/// and invoiced with a PDF (completed), so the buyer's order pages show both on the first start.
internal static class DemoErp
{
    public const string CustomerNumber = "10001";

    public static async Task SeedAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The key itself is not kept anywhere: an administrator creates a new one to try the API.
        var key = ApiKeys.NewKey();
        db.ApiClients.Add(new ApiClient
        {
            Name = "ERP (demo)",
            Scopes = string.Join(' ', ApiScopes.All),
            KeyHash = ApiKeys.Hash(key),
            KeyPrefix = ApiKeys.Visible(key),
            CreatedAt = now.AddDays(-30),
            CreatedBy = "Demo",
            LastUsedAt = now.AddMinutes(-7),
        });

        var recent = await db.Orders.Include(o => o.Lines)
            .Where(o => o.Customer!.Number == CustomerNumber && o.Status != OrderStatus.Cancelled)
            .OrderByDescending(o => o.PlacedAt)
            .Take(2)
            .ToListAsync(cancellationToken);
        for (var i = 0; i < recent.Count; i++)
        {
            var order = recent[i];
            order.ErpOrderNumber = $"AB-{740_000 + order.Id}";
            order.AcknowledgedAt = order.PlacedAt.AddMinutes(12);
            if (i == 0)
            {
                continue;
            }

            var shippedAt = order.PlacedAt.AddDays(1).AddHours(3);
            db.Shipments.Add(new Shipment
            {
                OrderId = order.Id,
                Carrier = "DHL",
                TrackingNumber = $"00340434{order.Id:D12}",
                ShippedAt = shippedAt,
                Lines = Fulfilment.ShippableLines(order.Lines).Select(l => new ShipmentLine { LineNumber = l.LineNumber, Quantity = l.Quantity }).ToList(),
            });
            var invoiceNumber = $"RE-{order.Number}";
            var invoiceDate = DateOnly.FromDateTime(Dates.ToBusinessTime(shippedAt).DateTime);
            db.Invoices.Add(new Invoice
            {
                OrderId = order.Id,
                Number = invoiceNumber,
                InvoiceDate = invoiceDate,
                DueDate = invoiceDate.AddDays(30),
                AmountGross = order.TotalGross,
                ReceivedAt = shippedAt.AddHours(1),
                Document = new InvoiceDocument { Pdf = Pdf($"Invoice {invoiceNumber} for order {order.Number}") },
            });
            order.Status = OrderStatus.Completed;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// A one-page PDF with one line of text, enough for the download to open in a viewer.
    private static byte[] Pdf(string text)
    {
        var content = $"BT /F1 14 Tf 72 760 Td ({text}) Tj ET";
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
