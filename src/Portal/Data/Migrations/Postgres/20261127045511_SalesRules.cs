using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SalesRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OpenKey",
                table: "Escalations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ProductId",
                table: "Escalations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RaisedByUserId",
                table: "Escalations",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_OpenKey",
                table: "Escalations",
                column: "OpenKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_ProductId",
                table: "Escalations",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_RaisedByUserId",
                table: "Escalations",
                column: "RaisedByUserId");

            migrationBuilder.AddForeignKey(
                name: "FK_Escalations_AspNetUsers_RaisedByUserId",
                table: "Escalations",
                column: "RaisedByUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Escalations_Products_ProductId",
                table: "Escalations",
                column: "ProductId",
                principalTable: "Products",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Escalations_AspNetUsers_RaisedByUserId",
                table: "Escalations");

            migrationBuilder.DropForeignKey(
                name: "FK_Escalations_Products_ProductId",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_OpenKey",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_ProductId",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_RaisedByUserId",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "OpenKey",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ProductId",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "RaisedByUserId",
                table: "Escalations");
        }
    }
}
