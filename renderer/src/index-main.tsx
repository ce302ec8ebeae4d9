document.getElementById('root')!.textContent = 'WOPI Desk (index)'
