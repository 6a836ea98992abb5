using System.CommandLine;
using System.Globalization;
using Portal.Data;
using Portal.Import;
using Portal.Ordering;

namespace Portal.Cli;

/// `portal import customers|products|orders --file F.csv`: an ERP export imported as it is.
internal static class ImportCommands
{
    public static Command Import()
    {
        var kind = new Argument<string>("kind") { Description = "What the file holds: customers, products or orders (order lines)." };
        kind.AcceptOnlyFromAmong("customers", "products", "orders");
        var file = new Option<string>("--file") { Description = "The CSV file, with a header row.", Required = true };
        var map = new Option<string>("--map")
        {
            Description = "Portal's fields to the file's columns, e.g. \"order=Invoice,customer=Customer ID,date=InvoiceDate,sku=StockCode,quantity=Quantity,price=Price\". "
                + "Order fields: order, line, customer, date, sku, quantity, price, description, channel, cost. Customer fields: customer, name, potential, creditlimit, vatid, language. "
                + "Product fields (the columns of the offer CSV export at /pm/offer-csv): sku, product, product_de, description, description_de, category, unit, tax, pack, pack_de, units, small, gtin, weight, cost, leadtime, active. "
                + "Unmapped fields are looked for under their own name.",
        };
        var delimiter = new Option<string>("--delimiter") { Description = "Column delimiter; defaults to the culture's list separator (',' invariant, ';' for de-DE)." };
        var culture = new Option<string>("--culture") { Description = "Culture for numbers and dates, e.g. de-DE; default invariant with ISO dates (yyyy-MM-dd[ HH:mm[:ss]])." };
        var channel = new Option<string>("--channel") { Description = "Channel for order lines without one (default Phone: before the portal, orders were taken by hand).", DefaultValueFactory = _ => nameof(OrderChannel.Phone) };
        channel.AcceptOnlyFromAmong(Enum.GetNames<OrderChannel>());
        var rejects = new Option<string>("--rejects") { Description = "Where rejected rows go; default <file>.rejects.csv beside the input." };
        var command = new Command("import", "Import customers, products or order lines from a CSV export (re-importing the same file changes nothing; bad rows go to a rejects file).")
        {
            kind, file, map, delimiter, culture, channel, rejects,
        };
        command.SetAction((parse, cancellationToken) => PortalCommandLine.WithServicesAsync(parse, async (services, output) =>
        {
            var error = parse.InvocationConfiguration.Error;
            ImportRequest request;
            try
            {
                var importKind = Enum.Parse<ImportKind>(parse.GetRequiredValue(kind), ignoreCase: true);
                var cultureInfo = parse.GetValue(culture) is { Length: > 0 } name ? CultureInfo.GetCultureInfo(name) : CultureInfo.InvariantCulture;
                var path = Path.GetFullPath(parse.GetRequiredValue(file));
                request = new ImportRequest(
                    importKind,
                    path,
                    ImportRequest.ParseMap(importKind, parse.GetValue(map)),
                    cultureInfo,
                    parse.GetValue(delimiter) is { Length: > 0 } d ? d : cultureInfo.TextInfo.ListSeparator,
                    Enum.Parse<OrderChannel>(parse.GetValue(channel) ?? nameof(OrderChannel.Phone), ignoreCase: true),
                    parse.GetValue(rejects) is { Length: > 0 } r ? Path.GetFullPath(r) : ImportRequest.DefaultRejectsPath(path));
            }
            catch (Exception e) when (e is ImportSetupException or CultureNotFoundException)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }

            var initializer = services.GetRequiredService<DatabaseInitializer>();
            await initializer.MigrateAsync(cancellationToken);
            try
            {
                var summary = await services.GetRequiredService<ImportRunner>().RunAsync(request, error, cancellationToken);
                await output.WriteLineAsync(summary.ToString());
                return 0;
            }
            catch (ImportSetupException e)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }
        }));
        return command;
    }
}
