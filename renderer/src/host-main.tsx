document.getElementById('root')!.textContent = 'WOPI Desk (host)'
