"""PDF documents drawn with reportlab from plain data: certificates, score sheets, the results notice.

Nothing here reads the database; services hand over domain objects and rows and get PDF bytes.
"""
